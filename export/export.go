// Package export writes incidents out of the store for analysts' own tools:
// CSV for spreadsheets, JSON and NDJSON for notebooks and scripts, and STIX
// 2.1 bundles for threat-intelligence platforms (MISP, OpenCTI).
//
// Every writer streams: it encodes each incident as the store hands it over
// and keeps nothing of it afterwards, so memory does not grow with the number
// of incidents. Output depends only on the data, never on the clock, so the
// same full export run twice gives the same bytes. FORMATS.md documents the
// shapes, which are a stable contract.
package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/heistwatch/heistwatch"
)

// Formats the package writes.
const (
	CSV    = "csv"
	JSON   = "json"
	NDJSON = "ndjson"
	STIX   = "stix"
)

// Formats lists every format name, in the order help texts show them.
var Formats = []string{CSV, JSON, NDJSON, STIX}

// Options say what to export and how.
type Options struct {
	// Format is one of CSV, JSON, NDJSON or STIX.
	Format string
	// Query selects the incidents; its Order is always "id" so output is
	// stable. An empty Status exports every status.
	Query heistwatch.IncidentQuery
	// Now is the clock for relative --since values ("24h"); exports never
	// write it. Nil means time.Now.
	Now func() time.Time
	// Actors tells the STIX writer an actor's canonical name, aliases and
	// kind (cmd/heistwatch passes the extractor's actor gazetteer); nil
	// knows no actor, so each is written under the name its claim gives.
	Actors func(actor string) (ActorInfo, bool)
	// BOM starts CSV output with a UTF-8 byte order mark, which Excel needs
	// to read UTF-8.
	BOM bool
}

// DefaultStatus is what an export takes when no status is given.
var DefaultStatus = []heistwatch.Status{heistwatch.StatusApproved}

// formatWriter is one output format: begin writes what precedes the first
// incident, incident writes one, withdrawn writes one that has left the
// exported statuses since an earlier export (see WriteIncremental), end
// closes the document.
type formatWriter interface {
	begin() error
	incident(inc *heistwatch.Incident) error
	withdrawn(inc *heistwatch.Incident) error
	end() error
}

// Result says what a write produced.
type Result struct {
	// Count is the number of incidents written.
	Count int
	// Latest is the greatest UpdatedAt among them (zero when none): where the
	// next incremental export starts.
	Latest time.Time
	// Withdrawn counts, among them, incidents written as withdrawn.
	Withdrawn int
}

// Write streams the incidents opts selects to w in opts.Format and returns
// how many it wrote. w receives large buffered writes; nothing is written
// for an unknown format.
func Write(ctx context.Context, w io.Writer, st heistwatch.Store, opts Options) (int, error) {
	r, err := write(ctx, w, st, opts)
	return r.Count, err
}

// write writes the incidents opts selects. An export of what changed since
// a time (opts.Query.ChangedSince) also writes, as withdrawn, the incidents
// changed since then that once had one of the exported statuses and have
// another now (rejected or merged after an approval), so a consumer of
// incremental exports learns to drop them.
func write(ctx context.Context, w io.Writer, st heistwatch.Store, opts Options) (Result, error) {
	var r Result
	bw := bufio.NewWriterSize(w, 64<<10)
	fw, err := newFormatWriter(bw, opts)
	if err != nil {
		return r, err
	}
	q := opts.Query
	q.Order = "id"
	q.Limit, q.Offset = 0, 0
	if err := fw.begin(); err != nil {
		return r, fmt.Errorf("export %s: %w", opts.Format, err)
	}
	err = st.EachIncident(ctx, q, func(inc heistwatch.Incident) error {
		if err := fw.incident(&inc); err != nil {
			return fmt.Errorf("incident %d: %w", inc.ID, err)
		}
		r.Count++
		if inc.UpdatedAt.After(r.Latest) {
			r.Latest = inc.UpdatedAt
		}
		return nil
	})
	if err != nil {
		return r, fmt.Errorf("export %s: %w", opts.Format, err)
	}
	if others := otherStatuses(q.Status); !q.ChangedSince.IsZero() && len(others) > 0 {
		wq := q
		wq.Status = others
		err = st.EachIncident(ctx, wq, func(inc heistwatch.Incident) error {
			log, err := st.Audit(ctx, inc.ID, 1000)
			if err != nil {
				return fmt.Errorf("incident %d audit: %w", inc.ID, err)
			}
			if !hadStatus(log, q.Status) {
				return nil
			}
			if err := fw.withdrawn(&inc); err != nil {
				return fmt.Errorf("incident %d: %w", inc.ID, err)
			}
			r.Count++
			r.Withdrawn++
			if inc.UpdatedAt.After(r.Latest) {
				r.Latest = inc.UpdatedAt
			}
			return nil
		})
		if err != nil {
			return r, fmt.Errorf("export %s: withdrawn incidents: %w", opts.Format, err)
		}
	}
	if err := fw.end(); err != nil {
		return r, fmt.Errorf("export %s: %w", opts.Format, err)
	}
	if err := bw.Flush(); err != nil {
		return r, fmt.Errorf("export %s: %w", opts.Format, err)
	}
	return r, nil
}

func newFormatWriter(w *bufio.Writer, opts Options) (formatWriter, error) {
	switch opts.Format {
	case CSV:
		return newCSVWriter(w, opts.BOM), nil
	case JSON:
		return &jsonWriter{w: w}, nil
	case NDJSON:
		return &ndjsonWriter{w: w}, nil
	case STIX:
		actors := opts.Actors
		if actors == nil {
			actors = unknownActors
		}
		return newSTIXWriter(w, actors), nil
	}
	return nil, CheckFormat(opts.Format)
}

// CheckFormat says whether format is one the package writes, with an error
// a user can act on if not.
func CheckFormat(format string) error {
	if slices.Contains(Formats, format) {
		return nil
	}
	return heistwatch.Errorf(heistwatch.CodeInvalid, "unknown export format %q (want %s)", format, strings.Join(Formats, ", "))
}

// ContentType is the media type of a format, for HTTP responses.
func ContentType(format string) string {
	switch format {
	case CSV:
		return "text/csv; charset=utf-8"
	case NDJSON:
		return "application/x-ndjson"
	case STIX:
		return "application/stix+json;version=2.1"
	}
	return "application/json"
}

// Extension is the usual file name extension of a format.
func Extension(format string) string {
	if format == STIX {
		return "stix.json"
	}
	return format
}

// ParseStatus reads a comma-separated status list such as "approved" or
// "pending,approved"; "all" selects every status (nil) and "" the default.
func ParseStatus(s string) ([]heistwatch.Status, error) {
	s = strings.TrimSpace(s)
	switch s {
	case "":
		return DefaultStatus, nil
	case "all":
		return nil, nil
	}
	var out []heistwatch.Status
	for _, part := range strings.Split(s, ",") {
		st := heistwatch.Status(strings.ToLower(strings.TrimSpace(part)))
		switch st {
		case heistwatch.StatusPending, heistwatch.StatusApproved, heistwatch.StatusRejected, heistwatch.StatusMerged:
			out = append(out, st)
		default:
			return nil, heistwatch.Errorf(heistwatch.CodeInvalid, "unknown status %q (want pending, approved, rejected, merged or all)", part)
		}
	}
	return out, nil
}

// ParseSince reads a --since value other than "last": an RFC 3339 time
// ("2026-01-02T15:04:05Z"), a date ("2026-01-02", midnight UTC), or a
// duration back from now ("36h", "7d").
func ParseSince(s string, now func() time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if now == nil {
		now = time.Now
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t.UTC(), nil
	}
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, nil
	}
	if days, ok := strings.CutSuffix(s, "d"); ok {
		var n int
		if _, err := fmt.Sscanf(days, "%d", &n); err == nil && n >= 0 && fmt.Sprint(n) == days {
			return now().UTC().AddDate(0, 0, -n), nil
		}
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now().UTC().Add(-d), nil
	}
	return time.Time{}, heistwatch.Errorf(heistwatch.CodeInvalid,
		"bad --since %q: want last, an RFC 3339 time (2026-01-02T15:04:05Z), a date (2026-01-02) or a duration (36h, 7d)", s)
}

// CursorName is the store cursor that `--since last` keeps for these
// options: one per format, and per filter when a filter other than the
// default is given, so a filtered export never moves the plain one's.
func CursorName(opts Options) string {
	name := "export." + opts.Format
	if !sameStatuses(opts.Query.Status, DefaultStatus) {
		parts := make([]string, len(opts.Query.Status))
		for i, s := range opts.Query.Status {
			parts[i] = string(s)
		}
		if len(parts) == 0 {
			parts = []string{"all"}
		}
		name += ".status=" + strings.Join(parts, ",")
	}
	if opts.Query.ActorFamily != "" {
		name += ".actor_family=" + opts.Query.ActorFamily
	}
	return name
}

// allStatuses are the statuses an incident can have.
var allStatuses = []heistwatch.Status{heistwatch.StatusPending, heistwatch.StatusApproved, heistwatch.StatusRejected, heistwatch.StatusMerged}

// otherStatuses are the statuses not in set (none when set is every status).
func otherStatuses(set []heistwatch.Status) []heistwatch.Status {
	var out []heistwatch.Status
	for _, s := range allStatuses {
		if len(set) > 0 && !slices.Contains(set, s) {
			out = append(out, s)
		}
	}
	return out
}

// hadStatus says whether an audit log shows the incident in one of set at
// some time: a status change from or to one of them.
func hadStatus(log []heistwatch.AuditEntry, set []heistwatch.Status) bool {
	for _, e := range log {
		if e.Field == "status" && (slices.Contains(set, heistwatch.Status(e.Before)) || slices.Contains(set, heistwatch.Status(e.After))) {
			return true
		}
	}
	return false
}

func sameStatuses(a, b []heistwatch.Status) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// WriteIncremental exports what changed since the previous incremental
// export with the same CursorName (everything the first time), withdrawals
// included (see write; FORMATS.md says how each format marks them).
// After the write succeeds it calls commit (which may make the output
// durable: close and rename a file) and only if commit succeeds records the
// new cursor, so a failure never moves the cursor past what was delivered.
// commit may be nil.
func WriteIncremental(ctx context.Context, w io.Writer, st heistwatch.Store, opts Options, commit func() error) (Result, error) {
	name := CursorName(opts)
	since, err := loadCursor(ctx, st, name)
	if err != nil {
		return Result{}, err
	}
	opts.Query.ChangedSince = since
	r, err := write(ctx, w, st, opts)
	if err != nil {
		return r, err
	}
	if commit != nil {
		if err := commit(); err != nil {
			return r, err
		}
	}
	if r.Count == 0 || !r.Latest.After(since) {
		return r, nil // nothing new: the cursor stays where it was
	}
	if err := st.SetCursor(ctx, name, r.Latest.UTC().Format(time.RFC3339Nano)); err != nil {
		return r, fmt.Errorf("record export cursor %s: %w", name, err)
	}
	return r, nil
}

func loadCursor(ctx context.Context, st heistwatch.Store, name string) (time.Time, error) {
	v, err := st.Cursor(ctx, name)
	if errors.Is(err, heistwatch.ErrNotFound) || (err == nil && v == "") {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("read export cursor %s: %w", name, err)
	}
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, fmt.Errorf("export cursor %s holds %q, not a time: %w", name, v, err)
	}
	return t, nil
}
