package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/export"
	"github.com/heistwatch/heistwatch/extract"
)

// cmdExport writes incidents (approved ones unless --status says otherwise)
// as CSV, JSON, NDJSON or a STIX 2.1 bundle, to stdout or to --out. With
// --out the file appears whole or not at all; with --since last the cursor
// moves only after the output is complete.
func cmdExport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("export", `heistwatch export --format csv|json|ndjson|stix [--since TIME|last] [--status S] [--actor-family F] [--out FILE]

Formats and columns are documented in export/FORMATS.md. --since takes an RFC 3339 time,
a date (2026-01-02), a duration back from now (36h, 7d), or "last": what changed since the
previous --since last export of the same format and filters (everything the first time).`)
	format := fs.String("format", "", "output `format`: csv, json, ndjson or stix")
	since := fs.String("since", "", "only incidents changed after `TIME` (or \"last\")")
	status := fs.String("status", "approved", "comma-separated `statuses`, or all")
	family := fs.String("actor-family", "", "only incidents of this actor `family` (e.g. DPRK)")
	out := fs.String("out", "", "write to `FILE` (atomically) instead of stdout")
	bom := fs.Bool("bom", false, "start CSV with a UTF-8 byte order mark (for Excel)")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if *format == "" {
		return usagef("--format is required: csv, json, ndjson or stix")
	}
	opts := export.Options{Format: strings.ToLower(*format), Now: a.now, BOM: *bom}
	if err := export.CheckFormat(opts.Format); err != nil {
		return err
	}
	if opts.Format == export.STIX {
		if opts.Actors, err = a.actorLookup(); err != nil {
			return err
		}
	}
	if opts.Query.Status, err = export.ParseStatus(*status); err != nil {
		return err
	}
	opts.Query.ActorFamily = strings.ToUpper(strings.TrimSpace(*family))
	incremental := *since == "last"
	if *since != "" && !incremental {
		if opts.Query.ChangedSince, err = export.ParseSince(*since, a.now); err != nil {
			return err
		}
	}

	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	w, commit, abort := io.Writer(a.stdout), func() error { return nil }, func() {}
	if *out != "" {
		f, err := createAtomic(*out)
		if err != nil {
			return err
		}
		w, commit, abort = f, f.commit, f.abort
	}
	var n, withdrawn int
	if incremental {
		var r export.Result
		r, err = export.WriteIncremental(ctx, w, st, opts, commit)
		n, withdrawn = r.Count, r.Withdrawn
	} else {
		n, err = export.Write(ctx, w, st, opts)
		if err == nil {
			err = commit()
		}
	}
	if err != nil {
		abort()
		return err
	}
	a.log.Info("exported", "format", opts.Format, "incidents", n, "withdrawn", withdrawn, "out", *out, "cursor", incremental)
	return nil
}

// atomicFile is an output file written under a temporary name beside its
// destination and renamed into place only when complete, so a crash or a
// failed export never leaves a half-written file where the old one was.
type atomicFile struct {
	*os.File
	dest string
	done bool
}

func createAtomic(dest string) (*atomicFile, error) {
	f, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("create output for %s: %w", dest, err)
	}
	return &atomicFile{File: f, dest: dest}, nil
}

// commit makes the file durable and moves it into place.
func (f *atomicFile) commit() error {
	err := f.Sync()
	err = errors.Join(err, f.Chmod(0o644), f.Close())
	if err == nil {
		err = os.Rename(f.Name(), f.dest)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("write %s: %w", f.dest, err)
	}
	f.done = true
	return nil
}

// abort removes the temporary file unless commit already moved it.
func (f *atomicFile) abort() {
	if f.done {
		return
	}
	f.Close()
	os.Remove(f.Name())
}

// actorLookup describes actors for STIX with the extractor's gazetteer,
// including the config's rules file, so export names an actor the way
// extraction recognised it.
func (a *app) actorLookup() (func(string) (export.ActorInfo, bool), error) {
	rules := ""
	if a.cfg != nil {
		rules = a.cfg.Rules
	}
	x, err := extract.New(rules)
	if err != nil {
		return nil, heistwatch.Errorf(heistwatch.CodeInvalid, "load rules: %v", err)
	}
	return export.GazetteerActors(x), nil
}
