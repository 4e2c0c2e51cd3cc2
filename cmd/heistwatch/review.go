package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os/user"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/cluster"
	"github.com/heistwatch/heistwatch/review"
)

// reviewUsages are the synopses `review SUB --help` prints.
var reviewUsages = map[string]string{
	"list": `heistwatch review list [--status S[,S]] [--json] [--actor-family F] [--victim V] [--search Q]
                         [--feed ID] [--from DATE] [--to DATE] [--min-confidence C]
                         [--needs-look] [--order newest|oldest|amount|id] [--limit N]

Lists incidents with their values after reviewer edits. Without --status every
incident but the merged ones is listed; --status all lists those too.
--needs-look keeps approved or rejected incidents that got a new article since
their review (approving or rejecting one again clears that). --json
prints an array of objects with id, status, version, the fields, confidence and
source_count.`,
	"show": `heistwatch review show ID [--json]

Shows one incident: every field (the extracted value and the reviewer's when
they differ), the figures the sources state side by side, and each source with
its URL and evidence sentences.`,
	"approve": `heistwatch review approve ID... [--as NAME]

Approves each incident and reports each; a missing id is an error naming it
and the others are still approved.`,
	"reject": `heistwatch review reject ID... [--as NAME]

Rejects each incident and reports each; a missing id is an error naming it
and the others are still rejected.`,
	"edit": `heistwatch review edit ID --set FIELD=VALUE... [--unset FIELD...] [--version N] [--as NAME]

Stores reviewer values beside the extracted ones. Fields: victim, amount_usd (a
number: 620000000, 620M, $1.5B; empty for none), amount_native ("4500 BTC"),
actor, actor_family (a code such as DPRK, or empty), attribution (confirmed,
attributed, suspected or empty), attributed_by, date (YYYY, YYYY-MM or
YYYY-MM-DD), technique (exploit, key-compromise, social-engineering, insider,
supply-chain, unknown). --unset drops a reviewer value so the extracted one
shows again. --version refuses the edit if the incident changed since then.`,
	"merge": `heistwatch review merge ID OTHER [--as NAME]

Folds incident OTHER into ID: its sources move to ID, OTHER becomes merged.`,
	"split": `heistwatch review split ID --document DOC [--as NAME]

Moves the claims of document DOC out of incident ID into a new pending incident.`,
	"log": `heistwatch review log [ID] [--json] [--limit N]

Prints the audit log, newest first: who did what, when, before and after.
Without ID, the whole log (the last 100 entries unless --limit says otherwise).`,
}

func reviewHelp(w io.Writer) {
	fmt.Fprintln(w, "usage: heistwatch review list|show|approve|reject|edit|merge|split|log [flags] [args]")
	fmt.Fprintln(w, "\nChanges are recorded in the audit log as cli:<OS user>, or --as NAME.")
	for _, sub := range []string{"list", "show", "approve", "reject", "edit", "merge", "split", "log"} {
		fmt.Fprintln(w)
		fmt.Fprintln(w, reviewUsages[sub])
	}
}

// cmdReview works the review queue on the store directly.
func cmdReview(ctx context.Context, a *app, args []string) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		reviewHelp(a.stdout)
		if len(args) == 0 {
			return usagef("review: want a subcommand: list, show, approve, reject, edit, merge, split or log")
		}
		return nil
	}
	sub, args := args[0], args[1:]
	usage, ok := reviewUsages[sub]
	if !ok {
		return usagef("review: unknown subcommand %q (want list, show, approve, reject, edit, merge, split or log)", sub)
	}
	r := &reviewCmd{app: a}
	fs := a.flags("review "+sub, usage)
	fs.StringVar(&r.as, "as", "", "record `NAME` in the audit log instead of cli:<OS user>")
	switch sub {
	case "list":
		r.listFlags(fs)
	case "show":
		fs.BoolVar(&r.asJSON, "json", false, "print a JSON object")
	case "log":
		fs.BoolVar(&r.asJSON, "json", false, "print a JSON array")
		fs.IntVar(&r.limit, "limit", -1, "at most `N` entries; 0 for all (default: all for one incident, else 100)")
	case "edit":
		fs.Var(&r.sets, "set", "`FIELD=VALUE` to store as the reviewer's value (repeatable)")
		fs.Var(&r.unsets, "unset", "`FIELD` whose reviewer value to drop (repeatable)")
		fs.Int64Var(&r.version, "version", 0, "refuse the edit unless the incident is at version `N`")
	case "split":
		fs.Int64Var(&r.document, "document", 0, "the `id` of the document to split out")
	}
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	ids, err := parseIDs(pos)
	if err != nil {
		return err
	}
	if err := checkArity(sub, ids); err != nil {
		return err
	}
	if sub == "edit" && len(r.sets) == 0 && len(r.unsets) == 0 {
		return usagef("review edit: want at least one --set FIELD=VALUE or --unset FIELD")
	}
	if sub == "split" && r.document <= 0 {
		return usagef("review split: want --document DOC (a document id from review show)")
	}
	// Validate everything before the store is touched: a typo loses nothing.
	var edits []fieldEdit
	var q heistwatch.IncidentQuery
	switch sub {
	case "edit":
		if edits, err = parseEdits(r.sets, r.unsets); err != nil {
			return err
		}
	case "list":
		if q, err = r.query(); err != nil {
			return err
		}
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	r.st = st
	switch sub {
	case "list":
		return r.list(ctx, q)
	case "show":
		return r.show(ctx, ids[0])
	case "approve":
		return r.decide(ctx, ids, heistwatch.StatusApproved)
	case "reject":
		return r.decide(ctx, ids, heistwatch.StatusRejected)
	case "edit":
		return r.edit(ctx, ids[0], edits)
	case "merge":
		return r.merge(ctx, ids[0], ids[1])
	case "split":
		return r.split(ctx, ids[0])
	default: // log
		var id int64
		if len(ids) == 1 {
			id = ids[0]
		}
		return r.log(ctx, id)
	}
}

// reviewCmd holds one review invocation's flags and store.
type reviewCmd struct {
	*app
	st heistwatch.Store
	as string

	asJSON   bool
	limit    int
	sets     multiFlag
	unsets   multiFlag
	version  int64
	document int64

	// list filters
	status, actorFamily, victim, search, order, from, to string
	feed                                                 int64
	minConf                                              float64
	needsLook                                            bool
}

// multiFlag collects a repeatable string flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ", ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func (r *reviewCmd) listFlags(fs *flag.FlagSet) {
	fs.StringVar(&r.status, "status", "", "keep these `statuses` (pending, approved, rejected, merged, comma-separated, or all)")
	fs.BoolVar(&r.asJSON, "json", false, "print a JSON array")
	fs.StringVar(&r.actorFamily, "actor-family", "", "keep incidents attributed to this `family` (DPRK, RU…)")
	fs.StringVar(&r.victim, "victim", "", "keep victims containing this `text`")
	fs.StringVar(&r.search, "search", "", "keep incidents whose victim, actor or evidence contains this `text`")
	fs.Int64Var(&r.feed, "feed", 0, "keep incidents with a source from feed `ID`")
	fs.StringVar(&r.from, "from", "", "keep incidents created on or after this `date` (YYYY-MM-DD)")
	fs.StringVar(&r.to, "to", "", "keep incidents created before the end of this `date` (YYYY-MM-DD)")
	fs.Float64Var(&r.minConf, "min-confidence", 0, "keep incidents with at least this `confidence` (0-1)")
	fs.BoolVar(&r.needsLook, "needs-look", false, "keep reviewed incidents that got a new article since their review")
	fs.StringVar(&r.order, "order", "newest", "newest, oldest, amount or id")
	fs.IntVar(&r.limit, "limit", 0, "at most `N` incidents; 0 for all")
}

// reviewer is the name written to the audit log: --as, else cli:<OS user>.
func (r *reviewCmd) reviewer() string {
	if r.as != "" {
		return r.as
	}
	name := r.getenv("USER")
	if name == "" {
		name = r.getenv("LOGNAME")
	}
	if name == "" {
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
	}
	if name == "" {
		name = "unknown"
	}
	return "cli:" + name
}

func parseIDs(pos []string) ([]int64, error) {
	ids := make([]int64, 0, len(pos))
	for _, p := range pos {
		id, err := strconv.ParseInt(strings.TrimPrefix(p, "#"), 10, 64)
		if err != nil || id <= 0 {
			return nil, usagef("review: %q is not an incident id (a positive number)", p)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

func checkArity(sub string, ids []int64) error {
	switch sub {
	case "list":
		if len(ids) > 0 {
			return usagef("review list: takes no arguments, got %d", len(ids))
		}
	case "show", "edit", "split":
		if len(ids) != 1 {
			return usagef("review %s: want one incident id, got %d", sub, len(ids))
		}
	case "approve", "reject":
		if len(ids) == 0 {
			return usagef("review %s: want one or more incident ids", sub)
		}
	case "merge":
		if len(ids) != 2 {
			return usagef("review merge: want two incident ids (ID OTHER folds OTHER into ID), got %d", len(ids))
		}
	case "log":
		if len(ids) > 1 {
			return usagef("review log: want at most one incident id, got %d", len(ids))
		}
	}
	return nil
}

// --- list ---

// incidentRow is how list and show print an incident as JSON: the values in
// force (extracted with the reviewer's edits applied) beside the review state.
type incidentRow struct {
	ID      int64             `json:"id"`
	Status  heistwatch.Status `json:"status"`
	Version int64             `json:"version"`
	heistwatch.Fields
	Confidence  float64   `json:"confidence"`
	SourceCount int       `json:"source_count"`
	Edited      []string  `json:"edited"`
	NeedsLook   bool      `json:"needs_look"`
	MergedInto  int64     `json:"merged_into,omitempty"`
	ReviewedBy  string    `json:"reviewed_by,omitempty"`
	ReviewedAt  time.Time `json:"reviewed_at,omitzero"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func newIncidentRow(inc *heistwatch.Incident) incidentRow {
	edited := slices.Clone(inc.Edits.Set)
	if edited == nil {
		edited = []string{}
	}
	return incidentRow{ID: inc.ID, Status: inc.Status, Version: inc.Version, Fields: inc.Effective(),
		Confidence: inc.Confidence, SourceCount: inc.SourceCount, Edited: edited, NeedsLook: inc.NeedsLook,
		MergedInto: inc.MergedInto, ReviewedBy: inc.ReviewedBy, ReviewedAt: inc.ReviewedAt,
		CreatedAt: inc.CreatedAt, UpdatedAt: inc.UpdatedAt}
}

var allStatuses = []heistwatch.Status{heistwatch.StatusPending, heistwatch.StatusApproved,
	heistwatch.StatusRejected, heistwatch.StatusMerged}

func parseStatuses(s string) ([]heistwatch.Status, error) {
	switch strings.TrimSpace(s) {
	case "":
		return allStatuses[:3], nil
	case "all":
		return nil, nil
	}
	var out []heistwatch.Status
	for _, p := range strings.Split(s, ",") {
		st := heistwatch.Status(strings.ToLower(strings.TrimSpace(p)))
		if !slices.Contains(allStatuses, st) {
			return nil, usagef("review list: --status %q: want pending, approved, rejected, merged or all", p)
		}
		out = append(out, st)
	}
	return out, nil
}

func parseDay(flagName, s string, endOfDay bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return time.Time{}, usagef("review list: --%s %q: want a date YYYY-MM-DD", flagName, s)
	}
	if endOfDay {
		t = t.AddDate(0, 0, 1)
	}
	return t, nil
}

func (r *reviewCmd) query() (heistwatch.IncidentQuery, error) {
	statuses, err := parseStatuses(r.status)
	if err != nil {
		return heistwatch.IncidentQuery{}, err
	}
	switch r.order {
	case "newest", "oldest", "amount", "id":
	default:
		return heistwatch.IncidentQuery{}, usagef("review list: --order %q: want newest, oldest, amount or id", r.order)
	}
	if r.limit < 0 {
		return heistwatch.IncidentQuery{}, usagef("review list: --limit %d: want 0 (all) or more", r.limit)
	}
	if r.minConf < 0 || r.minConf > 1 {
		return heistwatch.IncidentQuery{}, usagef("review list: --min-confidence %v: want a number from 0 to 1", r.minConf)
	}
	from, err := parseDay("from", r.from, false)
	if err != nil {
		return heistwatch.IncidentQuery{}, err
	}
	to, err := parseDay("to", r.to, true)
	if err != nil {
		return heistwatch.IncidentQuery{}, err
	}
	return heistwatch.IncidentQuery{Status: statuses, ActorFamily: strings.TrimSpace(r.actorFamily),
		Victim: strings.TrimSpace(r.victim), Search: strings.TrimSpace(r.search), FeedID: r.feed,
		MinConf: r.minConf, NeedsLook: r.needsLook, From: from, To: to, Order: r.order, Limit: r.limit, Now: r.now()}, nil
}

func (r *reviewCmd) list(ctx context.Context, q heistwatch.IncidentQuery) error {
	incs, total, err := r.st.Incidents(ctx, q)
	if err != nil {
		return fmt.Errorf("list incidents: %w", err)
	}
	rows := make([]incidentRow, 0, len(incs))
	for i := range incs {
		rows = append(rows, newIncidentRow(&incs[i]))
	}
	if r.asJSON {
		return reviewJSON(r.stdout, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(r.stdout, "no incidents match")
		return nil
	}
	tw := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATUS\tVICTIM\tAMOUNT\tACTOR\tDATE\tTECHNIQUE\tCONF\tSRC\tCREATED")
	for _, row := range rows {
		status := string(row.Status)
		if row.NeedsLook {
			status += "*"
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%.2f\t%d\t%s\n", row.ID, status, clipCell(blankDash(row.Victim), 28),
			blankDash(amountCell(row.Fields)), clipCell(blankDash(actorCell(row.Fields)), 40), blankDash(row.Date),
			blankDash(row.Technique), row.Confidence, row.SourceCount, row.CreatedAt.Format("2006-01-02"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(r.stdout, "%d of %d incidents", len(rows), total)
	if slices.ContainsFunc(rows, func(x incidentRow) bool { return x.NeedsLook }) {
		fmt.Fprint(r.stdout, " (* new sources since review)")
	}
	fmt.Fprintln(r.stdout)
	return nil
}

// --- show ---

// incidentDetail is show's JSON: the row plus what a reviewer weighs.
type incidentDetail struct {
	incidentRow
	Extracted heistwatch.Fields   `json:"extracted"`
	Edits     heistwatch.Edits    `json:"edits"`
	Figures   []cluster.Figure    `json:"figures"`
	Sources   []heistwatch.Source `json:"sources"`
	LeasedBy  string              `json:"leased_by,omitempty"`
	LeaseEnds time.Time           `json:"lease_until,omitzero"`
}

func (r *reviewCmd) show(ctx context.Context, id int64) error {
	inc, err := r.st.Incident(ctx, id)
	if err != nil {
		return err
	}
	var claims []heistwatch.Claim
	for _, s := range inc.Sources {
		claims = append(claims, s.Claims...)
	}
	figs := cluster.Figures(claims)
	if r.asJSON {
		sources := inc.Sources
		if sources == nil {
			sources = []heistwatch.Source{}
		}
		if figs == nil {
			figs = []cluster.Figure{}
		}
		return reviewJSON(r.stdout, incidentDetail{incidentRow: newIncidentRow(&inc),
			Extracted: inc.Extracted, Edits: inc.Edits, Figures: figs, Sources: sources,
			LeasedBy: inc.LeasedBy, LeaseEnds: inc.LeaseUntil})
	}
	w := r.stdout
	fmt.Fprintf(w, "incident %d  %s  version %d  confidence %.2f\n", inc.ID, inc.Status, inc.Version, inc.Confidence)
	switch {
	case inc.Status == heistwatch.StatusMerged:
		fmt.Fprintf(w, "merged into incident %d\n", inc.MergedInto)
	case inc.ReviewedBy != "":
		fmt.Fprintf(w, "reviewed by %s at %s\n", inc.ReviewedBy, inc.ReviewedAt.Format(time.RFC3339))
	}
	if inc.NeedsLook {
		fmt.Fprintln(w, "needs another look: new sources arrived after review")
	}
	if inc.LeasedBy != "" && inc.LeaseUntil.After(r.now()) {
		fmt.Fprintf(w, "held by %s until %s\n", inc.LeasedBy, inc.LeaseUntil.Format(time.RFC3339))
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	eff := inc.Effective()
	for _, name := range heistwatch.EditableFields {
		val := plainLine(reviewFieldText(eff, name))
		if slices.Contains(inc.Edits.Set, name) {
			if ext := plainLine(reviewFieldText(inc.Extracted, name)); ext != val {
				fmt.Fprintf(tw, "%s\t%s\t(reviewer; extracted: %s)\n", name, blankDash(val), blankDash(ext))
				continue
			}
		}
		fmt.Fprintf(tw, "%s\t%s\n", name, blankDash(val))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(figs) > 0 {
		parts := make([]string, len(figs))
		for i, f := range figs {
			parts[i] = f.String()
		}
		label := "figure"
		if len(figs) > 1 {
			label = "figures (sources disagree)"
		}
		fmt.Fprintf(w, "\n%s: %s\n", label, strings.Join(parts, " / "))
	}
	fmt.Fprintf(w, "\nsources (%d):\n", len(inc.Sources))
	for _, s := range inc.Sources {
		title := s.Title
		if title == "" {
			title = "(untitled)"
		}
		fmt.Fprintf(w, "  document %d: %s\n    %s\n", s.DocumentID, plainLine(title), s.URL)
		if !s.Published.IsZero() {
			fmt.Fprintf(w, "    published %s\n", s.Published.Format("2006-01-02"))
		}
		for _, e := range s.Evidence {
			fmt.Fprintf(w, "    > %s\n", plainLine(e.Text))
		}
	}
	return nil
}

// --- approve, reject ---

func (r *reviewCmd) decide(ctx context.Context, ids []int64, to heistwatch.Status) error {
	verb := map[heistwatch.Status]string{heistwatch.StatusApproved: "approve", heistwatch.StatusRejected: "reject"}[to]
	by := r.reviewer()
	var failed []string
	var firstErr error
	for _, id := range ids {
		msg, err := r.decideOne(ctx, id, to, verb, by)
		if err != nil {
			fmt.Fprintf(r.stderr, "incident %d: %v\n", id, err)
			failed = append(failed, strconv.FormatInt(id, 10))
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		fmt.Fprintln(r.stdout, msg)
	}
	if len(failed) == 0 {
		return nil
	}
	return heistwatch.Errorf(heistwatch.ErrorCode(firstErr), "%s: %d of %d failed: %s",
		verb, len(failed), len(ids), strings.Join(failed, " "))
}

func (r *reviewCmd) decideOne(ctx context.Context, id int64, to heistwatch.Status, verb, by string) (string, error) {
	inc, err := r.st.Incident(ctx, id)
	if err != nil {
		return "", err
	}
	if inc.Status == heistwatch.StatusMerged {
		return "", heistwatch.Errorf(heistwatch.CodeInvalid, "incident %d was merged into %d; %s that one", id, inc.MergedInto, verb)
	}
	if inc.Status == to && !inc.NeedsLook {
		return fmt.Sprintf("incident %d already %s", id, to), nil
	}
	before := inc.Status
	now := r.now().UTC()
	_, err = r.st.UpdateIncident(ctx, id, inc.Version, by, func(i *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		i.Status, i.ReviewedBy, i.ReviewedAt, i.NeedsLook = to, by, now, false
		return []heistwatch.AuditEntry{{Action: verb, Field: "status", Before: string(before), After: string(to)}}, nil
	})
	if err != nil {
		r.recordConflict(ctx, err, id, by, verb, "status", string(before), string(to))
		return "", err
	}
	return fmt.Sprintf("incident %d %s (was %s)", id, to, before), nil
}

// recordConflict writes a refused write to the audit log, so both attempts
// of a race are on record.
func (r *reviewCmd) recordConflict(ctx context.Context, err error, id int64, by, action, field, before, after string) {
	if !errors.Is(err, heistwatch.ErrConflict) {
		return
	}
	e := heistwatch.AuditEntry{IncidentID: id, Actor: by, Action: "conflict", Field: field, Before: before,
		After: action + " refused: " + after}
	if aerr := r.st.AddAudit(ctx, e); aerr != nil {
		fmt.Fprintf(r.stderr, "incident %d: recording the conflict: %v\n", id, aerr)
	}
}

// --- edit ---

// fieldEdit is one validated --set (or --unset when unset is true).
type fieldEdit struct {
	name  string
	unset bool
	apply func(*heistwatch.Fields)
}

func parseEdits(sets, unsets []string) ([]fieldEdit, error) {
	var out []fieldEdit
	seen := map[string]bool{}
	for _, s := range sets {
		name, value, ok := strings.Cut(s, "=")
		name = strings.TrimSpace(name)
		if !ok {
			return nil, usagef("review edit: --set %q: want FIELD=VALUE", s)
		}
		apply, err := parseField(name, strings.TrimSpace(value))
		if err != nil {
			return nil, err
		}
		if seen[name] {
			return nil, usagef("review edit: field %s given twice", name)
		}
		seen[name] = true
		out = append(out, fieldEdit{name: name, apply: apply})
	}
	for _, name := range unsets {
		name = strings.TrimSpace(name)
		if !slices.Contains(heistwatch.EditableFields, name) {
			return nil, usagef("review edit: --unset %q: want one of %s", name, strings.Join(heistwatch.EditableFields, ", "))
		}
		if seen[name] {
			return nil, usagef("review edit: field %s given twice", name)
		}
		seen[name] = true
		out = append(out, fieldEdit{name: name, unset: true})
	}
	return out, nil
}

// parseField validates a reviewer's value for one field with the review
// server's parser, so the CLI and the web take the same values, and returns
// how to store it.
func parseField(name, v string) (func(*heistwatch.Fields), error) {
	if !slices.Contains(heistwatch.EditableFields, name) {
		return nil, usagef("review edit: unknown field %q (want one of %s)", name, strings.Join(heistwatch.EditableFields, ", "))
	}
	var parsed heistwatch.Fields
	if err := review.ParseField(&parsed, name, v); err != nil {
		return nil, usagef("review edit: %s=%q: %v", name, v, err)
	}
	return func(f *heistwatch.Fields) { review.CopyField(f, parsed, name) }, nil
}

func (r *reviewCmd) edit(ctx context.Context, id int64, edits []fieldEdit) error {
	base := r.version
	if base == 0 {
		inc, err := r.st.Incident(ctx, id)
		if err != nil {
			return err
		}
		base = inc.Version
	}
	by := r.reviewer()
	var changed int
	out, err := r.st.UpdateIncident(ctx, id, base, by, func(inc *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		if inc.Status == heistwatch.StatusMerged {
			return nil, heistwatch.Errorf(heistwatch.CodeInvalid, "incident %d was merged into %d; edit that one", id, inc.MergedInto)
		}
		var entries []heistwatch.AuditEntry
		for _, e := range edits {
			before := review.FieldValue(inc.Effective(), e.name)
			if e.unset {
				inc.Edits.Set = slices.DeleteFunc(inc.Edits.Set, func(s string) bool { return s == e.name })
			} else {
				e.apply(&inc.Edits.Fields)
				if !slices.Contains(inc.Edits.Set, e.name) {
					inc.Edits.Set = append(inc.Edits.Set, e.name)
				}
			}
			after := review.FieldValue(inc.Effective(), e.name)
			entries = append(entries, heistwatch.AuditEntry{Action: "edit", Field: e.name, Before: before, After: after})
		}
		changed = len(entries)
		return entries, nil
	})
	if err != nil {
		names := make([]string, len(edits))
		for i, e := range edits {
			names[i] = e.name
		}
		r.recordConflict(ctx, err, id, by, "edit", strings.Join(names, ","), fmt.Sprintf("version %d", base), strings.Join(r.sets, "; "))
		return err
	}
	fmt.Fprintf(r.stdout, "incident %d: %d field(s) edited, now at version %d\n", id, changed, out.Version)
	return nil
}

// --- merge, split ---

func (r *reviewCmd) merge(ctx context.Context, dst, src int64) error {
	d, err := r.st.Incident(ctx, dst)
	if err != nil {
		return err
	}
	s, err := r.st.Incident(ctx, src)
	if err != nil {
		return err
	}
	by := r.reviewer()
	out, err := r.st.Merge(ctx, dst, d.Version, src, s.Version, by, cluster.New())
	if err != nil {
		r.recordConflict(ctx, err, dst, by, "merge", "sources", "", fmt.Sprintf("merge %d into %d", src, dst))
		return err
	}
	fmt.Fprintf(r.stdout, "merged incident %d into %d; %d now has %d source(s)\n", src, dst, dst, len(out.Sources))
	return nil
}

func (r *reviewCmd) split(ctx context.Context, id int64) error {
	inc, err := r.st.Incident(ctx, id)
	if err != nil {
		return err
	}
	by := r.reviewer()
	nw, err := r.st.Split(ctx, id, inc.Version, r.document, by, cluster.New())
	if err != nil {
		r.recordConflict(ctx, err, id, by, "split", "sources", "", fmt.Sprintf("split document %d out", r.document))
		return err
	}
	fmt.Fprintf(r.stdout, "split document %d out of incident %d into new pending incident %d\n", r.document, id, nw.ID)
	return nil
}

// --- log ---

func (r *reviewCmd) log(ctx context.Context, id int64) error {
	limit := r.limit
	if limit < 0 {
		limit = 0
		if id == 0 {
			limit = 100
		}
	}
	if id != 0 {
		// A missing incident is an error, not an empty log.
		if _, err := r.st.Incident(ctx, id); err != nil {
			return err
		}
	}
	entries, err := r.st.Audit(ctx, id, limit)
	if err != nil {
		return err
	}
	if entries == nil {
		entries = []heistwatch.AuditEntry{}
	}
	if r.asJSON {
		return reviewJSON(r.stdout, entries)
	}
	if len(entries) == 0 {
		fmt.Fprintln(r.stdout, "no audit entries")
		return nil
	}
	tw := tabwriter.NewWriter(r.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "AT\tINCIDENT\tBY\tACTION\tFIELD\tBEFORE -> AFTER")
	for _, e := range entries {
		change := ""
		if e.Before != "" || e.After != "" {
			change = clipCell(plainLine(blankDash(e.Before)), 40) + " -> " + clipCell(plainLine(blankDash(e.After)), 60)
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", e.At.UTC().Format("2006-01-02 15:04:05"), e.IncidentID,
			e.Actor, e.Action, blankDash(e.Field), change)
	}
	return tw.Flush()
}

// --- formatting ---

func reviewJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// reviewFieldText renders one field for people to read: amounts as
// "$620M" or "4,500 BTC", everything else as the review server shows it.
func reviewFieldText(f heistwatch.Fields, name string) string {
	switch name {
	case "amount_usd":
		return amountCell(heistwatch.Fields{AmountUSD: f.AmountUSD, AmountQualifier: f.AmountQualifier, AmountUSDMax: f.AmountUSDMax})
	case "amount_native":
		if f.AmountNative == nil {
			return ""
		}
		return cluster.FormatAmount(f.AmountNative.Value, f.AmountNative.Unit)
	}
	return review.FieldValue(f, name)
}

// amountCell shows the dollar figure (with its qualifier or range), else the
// native one.
func amountCell(f heistwatch.Fields) string {
	if f.AmountUSD == nil {
		if f.AmountNative != nil {
			return cluster.FormatAmount(f.AmountNative.Value, f.AmountNative.Unit)
		}
		return ""
	}
	s := cluster.FormatAmount(float64(*f.AmountUSD), cluster.USD)
	if f.AmountUSDMax != nil && *f.AmountUSDMax > *f.AmountUSD {
		s += "–" + cluster.FormatAmount(float64(*f.AmountUSDMax), cluster.USD)
	}
	if f.AmountQualifier != "" && f.AmountQualifier != "range" {
		s = f.AmountQualifier + " " + s
	}
	return s
}

// actorCell is "Lazarus Group (DPRK, confirmed)".
func actorCell(f heistwatch.Fields) string {
	var extra []string
	if f.ActorFamily != "" {
		extra = append(extra, f.ActorFamily)
	}
	if f.Attribution != "" {
		extra = append(extra, f.Attribution)
	}
	s := f.Actor
	if len(extra) > 0 {
		s = strings.TrimSpace(s + " (" + strings.Join(extra, ", ") + ")")
	}
	return s
}

func blankDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// clipCell shortens s to n runes for a table cell.
func clipCell(s string, n int) string {
	rs := []rune(plainLine(s))
	if len(rs) <= n {
		return string(rs)
	}
	return string(rs[:n-1]) + "…"
}

// plainLine folds whitespace and drops control characters, so article text can
// neither break the layout nor send escape sequences to the terminal.
func plainLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
