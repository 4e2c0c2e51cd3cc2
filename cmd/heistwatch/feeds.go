package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/config"
	"github.com/heistwatch/heistwatch/filter"
	"github.com/heistwatch/heistwatch/opml"
)

const feedsUsage = `heistwatch feeds add URL [--name N] [--schedule S] [--filter F]
       heistwatch feeds list [--json]
       heistwatch feeds rm URL|ID...
       heistwatch feeds import-opml FILE [--filter F]
       heistwatch feeds export-opml [--out FILE]

A feed takes every item unless given a --filter: the built-in set "crypto-theft"
or comma-separated words ("lazarus, exchange hack, -price"). --schedule is a cron
spec or "@every 15m" (default: fetch.schedule in the config).`

func cmdFeeds(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(a.stdout, "usage: "+feedsUsage)
		if len(args) == 0 {
			return usagef("feeds: want a subcommand: add, list, rm, import-opml or export-opml")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	fs := a.flags("feeds "+sub, feedsUsage)
	var name, schedule, filterSpec, out string
	var asJSON bool
	switch sub {
	case "add":
		fs.StringVar(&name, "name", "", "a name for the feed")
		fs.StringVar(&schedule, "schedule", "", "cron spec or @every DURATION")
		fs.StringVar(&filterSpec, "filter", "", "relevance filter (default: every item)")
	case "import-opml":
		fs.StringVar(&filterSpec, "filter", "", "relevance filter for every imported feed")
	case "list":
		fs.BoolVar(&asJSON, "json", false, "print a JSON array")
	case "export-opml":
		fs.StringVar(&out, "out", "", "write to `file` instead of standard output")
	case "rm":
	default:
		return usagef("feeds: unknown subcommand %q (want add, list, rm, import-opml or export-opml)", sub)
	}
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "add":
		if len(pos) != 1 {
			return usagef("feeds add: want one URL, got %d arguments", len(pos))
		}
		f, err := addFeed(ctx, st, heistwatch.Feed{URL: pos[0], Name: name, Schedule: schedule, Filter: filterSpec}, a.now())
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "added feed %d %s\n", f.ID, f.URL)
		return nil
	case "list":
		return listFeeds(ctx, a, st, asJSON)
	case "rm":
		if len(pos) == 0 {
			return usagef("feeds rm: want a feed URL or id")
		}
		for _, p := range pos {
			f, err := findFeed(ctx, st, p)
			if err != nil {
				return err
			}
			if err := st.DeleteFeed(ctx, f.ID); err != nil {
				return fmt.Errorf("remove feed %s: %w", f.URL, err)
			}
			fmt.Fprintf(a.stdout, "removed feed %d %s\n", f.ID, f.URL)
		}
		return nil
	case "import-opml":
		if len(pos) != 1 {
			return usagef("feeds import-opml: want one FILE")
		}
		added, skipped, err := importOPML(ctx, st, pos[0], filterSpec, a.now())
		if err != nil {
			return err
		}
		fmt.Fprintf(a.stdout, "imported %d feeds (%d already present)\n", added, skipped)
		return nil
	case "export-opml":
		feeds, err := st.Feeds(ctx)
		if err != nil {
			return err
		}
		var outlines []opml.Outline
		for _, f := range feeds {
			title := f.Name
			if title == "" {
				title = f.Title
			}
			outlines = append(outlines, opml.Outline{Title: title, XMLURL: f.URL})
		}
		w := a.stdout
		if out != "" {
			file, err := os.Create(out)
			if err != nil {
				return err
			}
			defer file.Close()
			w = file
		}
		return opml.Write(w, "heistwatch feeds", a.now(), outlines)
	}
	return nil
}

// addFeed validates a feed and stores it, due at once.
func addFeed(ctx context.Context, st heistwatch.Store, f heistwatch.Feed, now time.Time) (heistwatch.Feed, error) {
	if err := config.CheckFeedURL(f.URL); err != nil {
		return f, heistwatch.Errorf(heistwatch.CodeInvalid, "feed url: %v", err)
	}
	if f.Schedule != "" {
		if _, err := config.ParseSchedule(f.Schedule); err != nil {
			return f, heistwatch.Errorf(heistwatch.CodeInvalid, "schedule %q: %v", f.Schedule, err)
		}
	}
	if _, err := filter.Parse(f.Filter); err != nil {
		return f, heistwatch.Errorf(heistwatch.CodeInvalid, "%v", err)
	}
	f.NextPollAt = now
	f.CreatedAt = now
	return st.AddFeed(ctx, f)
}

func findFeed(ctx context.Context, st heistwatch.Store, ref string) (heistwatch.Feed, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		return st.Feed(ctx, id)
	}
	return st.FeedByURL(ctx, ref)
}

func importOPML(ctx context.Context, st heistwatch.Store, path, filterSpec string, now time.Time) (added, skipped int, err error) {
	file, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer file.Close()
	outlines, err := opml.Read(file)
	if err != nil {
		return 0, 0, fmt.Errorf("%s: %w", path, err)
	}
	for _, o := range outlines {
		_, err := addFeed(ctx, st, heistwatch.Feed{URL: o.XMLURL, Name: o.Title, Filter: filterSpec}, now)
		switch {
		case err == nil:
			added++
		case errors.Is(err, heistwatch.ErrConflict):
			skipped++
		default:
			return added, skipped, fmt.Errorf("%s: feed %s: %w", path, o.XMLURL, err)
		}
	}
	return added, skipped, nil
}

// feedJSON is the `feeds list --json` row; scripts rely on url, last_error
// and error_count.
type feedJSON struct {
	heistwatch.Feed
	Status string `json:"status"`
}

func listFeeds(ctx context.Context, a *app, st heistwatch.Store, asJSON bool) error {
	feeds, err := st.Feeds(ctx)
	if err != nil {
		return err
	}
	if asJSON {
		rows := make([]feedJSON, 0, len(feeds))
		for _, f := range feeds {
			rows = append(rows, feedJSON{Feed: f, Status: feedStatus(f)})
		}
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rows)
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tERRORS\tLAST POLL\tNEXT POLL\tURL\tLAST ERROR")
	for _, f := range feeds {
		fmt.Fprintf(tw, "%d\t%s\t%d\t%s\t%s\t%s\t%s\n", f.ID, feedStatus(f), f.ErrorCount,
			shortTime(f.LastPollAt), shortTime(f.NextPollAt), f.URL, f.LastError)
	}
	return tw.Flush()
}

func feedStatus(f heistwatch.Feed) string {
	switch {
	case f.LastPollAt.IsZero():
		return "new"
	case f.ErrorCount > 0:
		return "failing"
	}
	return "ok"
}

func shortTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}

// openSyncedStore opens the store and adds the config's feeds, the start of
// every command that polls or serves.
func (a *app) openSyncedStore(ctx context.Context) (heistwatch.Store, error) {
	st, err := a.openStore(ctx)
	if err != nil {
		return nil, err
	}
	if err := syncConfigFeeds(ctx, a, st); err != nil {
		st.Close()
		return nil, err
	}
	return st, nil
}

// syncConfigFeeds adds the feeds the config lists (directly or through OPML
// files) that the store does not have yet, and gives stored ones the
// config's name, schedule and filter.
func syncConfigFeeds(ctx context.Context, a *app, st heistwatch.Store) error {
	for i, cf := range a.cfg.Feeds {
		f, err := st.FeedByURL(ctx, cf.URL)
		switch {
		case errors.Is(err, heistwatch.ErrNotFound):
			if _, err := addFeed(ctx, st, heistwatch.Feed{URL: cf.URL, Name: cf.Name, Schedule: cf.Schedule, Filter: cf.Filter}, a.now()); err != nil {
				return fmt.Errorf("config feeds[%d]: %w", i, err)
			}
		case err != nil:
			return err
		case f.Name != cf.Name || f.Schedule != cf.Schedule || f.Filter != cf.Filter:
			f.Name, f.Schedule, f.Filter = cf.Name, cf.Schedule, cf.Filter
			if err := st.UpdateFeed(ctx, f); err != nil {
				return fmt.Errorf("config feeds[%d]: %w", i, err)
			}
		}
	}
	for _, path := range a.cfg.OPML {
		if _, _, err := importOPML(ctx, st, path, a.cfg.OPMLFilter, a.now()); err != nil {
			return err
		}
	}
	return nil
}
