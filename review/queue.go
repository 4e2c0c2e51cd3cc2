package review

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/heistwatch/heistwatch"
)

// queueFilter is the queue's filters and order, carried in the query string
// of the queue, of each incident page opened from it, and of its forms, so
// j/k and "approve, then next" walk the same list the reviewer chose.
type queueFilter struct {
	Status  string // pending (default), approved, rejected, merged, all
	Family  string
	Victim  string
	Feed    int64
	From    string // YYYY-MM-DD, by when the incident was opened
	To      string // YYYY-MM-DD, inclusive
	MinConf float64
	Q       string
	Order   string // newest (default) or amount, oldest
	// NeedsLook keeps reviewed incidents that got a new article since
	// (needs_look=1); its status defaults to all rather than pending.
	NeedsLook bool
}

var statuses = []string{"pending", "approved", "rejected", "merged", "all"}

// parseFilter reads the filters from a query string; bad values are errors.
func parseFilter(v url.Values) (queueFilter, error) {
	f := queueFilter{
		Status: v.Get("status"), Family: strings.TrimSpace(v.Get("family")), Victim: strings.TrimSpace(v.Get("victim")),
		From: v.Get("from"), To: v.Get("to"), Q: strings.TrimSpace(v.Get("q")), Order: v.Get("order"),
	}
	bad := func(name, want string) error {
		return heistwatch.Errorf(heistwatch.CodeInvalid, "filter %s=%q: want %s", name, v.Get(name), want)
	}
	switch v.Get("needs_look") {
	case "", "0", "false":
	case "1", "true":
		f.NeedsLook = true
	default:
		return f, bad("needs_look", "1 or 0")
	}
	switch f.Status {
	case "":
		f.Status = "pending"
		if f.NeedsLook {
			f.Status = "all" // flagged incidents are approved or rejected ones
		}
	case "pending", "approved", "rejected", "merged", "all":
	default:
		return f, bad("status", strings.Join(statuses, ", "))
	}
	switch f.Order {
	case "", "newest":
		f.Order = "newest"
	case "amount", "oldest":
	default:
		return f, bad("order", "newest, oldest or amount")
	}
	if s := v.Get("feed"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || n < 0 {
			return f, bad("feed", "a feed id")
		}
		f.Feed = n
	}
	if s := v.Get("min_confidence"); s != "" {
		x, err := strconv.ParseFloat(s, 64)
		if err != nil || x < 0 || x > 1 {
			return f, bad("min_confidence", "a number from 0 to 1")
		}
		f.MinConf = x
	}
	for _, d := range []struct{ name, val string }{{"from", f.From}, {"to", f.To}} {
		if d.val == "" {
			continue
		}
		if _, err := time.Parse("2006-01-02", d.val); err != nil {
			return f, bad(d.name, "a date YYYY-MM-DD")
		}
	}
	return f, nil
}

// values encodes the filters, leaving out defaults to keep URLs short.
func (f queueFilter) values() url.Values {
	v := url.Values{}
	set := func(k, val, def string) {
		if val != "" && val != def {
			v.Set(k, val)
		}
	}
	set("status", f.Status, "pending")
	set("family", f.Family, "")
	set("victim", f.Victim, "")
	if f.Feed != 0 {
		v.Set("feed", strconv.FormatInt(f.Feed, 10))
	}
	set("from", f.From, "")
	set("to", f.To, "")
	if f.MinConf > 0 {
		v.Set("min_confidence", strconv.FormatFloat(f.MinConf, 'f', -1, 64))
	}
	set("q", f.Q, "")
	set("order", f.Order, "newest")
	if f.NeedsLook {
		v.Set("needs_look", "1")
	}
	return v
}

// withPos is the filters plus a position in the list.
func (f queueFilter) withPos(pos int) string {
	v := f.values()
	v.Set("pos", strconv.Itoa(max(pos, 0)))
	return v.Encode()
}

// includes says whether an incident, as a change left it, stays in the
// list (a decision clears NeedsLook, so it leaves the needs-look view).
func (f queueFilter) includes(inc heistwatch.Incident) bool {
	if f.NeedsLook && !inc.NeedsLook {
		return false
	}
	return f.Status == "all" || f.Status == string(inc.Status)
}

// query turns the filters into a store query at now.
func (f queueFilter) query(now time.Time) heistwatch.IncidentQuery {
	q := heistwatch.IncidentQuery{ActorFamily: f.Family, Victim: f.Victim, FeedID: f.Feed, Search: f.Q,
		MinConf: f.MinConf, Order: f.Order, NeedsLook: f.NeedsLook, Now: now}
	if f.Status != "all" {
		q.Status = []heistwatch.Status{heistwatch.Status(f.Status)}
	}
	if t, err := time.Parse("2006-01-02", f.From); err == nil {
		q.From = t
	}
	if t, err := time.Parse("2006-01-02", f.To); err == nil {
		q.To = t.AddDate(0, 0, 1)
	}
	return q
}

type queueRow struct {
	Inc    heistwatch.Incident
	Eff    heistwatch.Fields
	URL    string
	Leased bool   // leased to the viewer
	HeldBy string // another reviewer holding a live lease: not offered
}

type queueView struct {
	Filter        queueFilter
	FilterQS      string
	Feeds         []heistwatch.Feed
	Rows          []queueRow
	Total         int
	Pending       int
	NeedsLook     int // reviewed incidents with a new article since
	ReviewedToday int
	From, To      int // 1-based positions shown
	PrevURL       string
	NextURL       string
	FirstURL      string // the first incident, for "start reviewing"
	Notice        string
	CanChange     bool
	Statuses      []string
}

// IsDefault (exported for the template) says whether the filters are the plain pending queue.
func (f queueFilter) IsDefault() bool {
	return f.Status == "pending" && f.Family == "" && f.Victim == "" && f.Feed == 0 && f.From == "" &&
		f.To == "" && f.MinConf == 0 && f.Q == "" && !f.NeedsLook
}

// progress are the figures above the queue.
type progress struct {
	pending int // pending incidents
	look    int // reviewed incidents that got a new article since
	today   int // incidents decided since midnight UTC
}

// queueCounts counts the progress figures; pending is known already when
// it is not negative.
func (s *server) queueCounts(ctx context.Context, pending int) (counts progress, err error) {
	counts.pending = pending
	if pending < 0 {
		if _, counts.pending, err = s.st.Incidents(ctx, heistwatch.IncidentQuery{Status: []heistwatch.Status{heistwatch.StatusPending}, Limit: 1}); err != nil {
			return counts, err
		}
	}
	if _, counts.look, err = s.st.Incidents(ctx, heistwatch.IncidentQuery{NeedsLook: true, Limit: 1}); err != nil {
		return counts, err
	}
	midnight := s.now().UTC().Truncate(24 * time.Hour)
	_, counts.today, err = s.st.Incidents(ctx, heistwatch.IncidentQuery{
		Status:       []heistwatch.Status{heistwatch.StatusApproved, heistwatch.StatusRejected},
		ChangedSince: midnight, Limit: 1})
	return counts, err
}

func (s *server) queuePage(w http.ResponseWriter, r *http.Request, p *principal) {
	qv := r.URL.Query()
	f, err := parseFilter(qv)
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	offset, _ := strconv.Atoi(qv.Get("offset"))
	offset = max(offset, 0)
	// The list shows incidents leased to others marked and unlinked rather
	// than filtering them in SQL, which would read every row to count them.
	now := s.now()
	q := f.query(now)
	q.Limit, q.Offset = s.opt.PageSize, offset
	list, total, err := s.st.Incidents(r.Context(), q)
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	v := queueView{Filter: f, FilterQS: f.values().Encode(), Total: total, CanChange: p.can(heistwatch.RoleReviewer), Statuses: statuses}
	known := -1
	if f.IsDefault() {
		known = total
	}
	counts, err := s.queueCounts(r.Context(), known)
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	v.Pending, v.NeedsLook, v.ReviewedToday = counts.pending, counts.look, counts.today
	if v.Feeds, err = s.st.Feeds(r.Context()); err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	for i, inc := range list {
		row := queueRow{Inc: inc, Eff: inc.Effective(), URL: fmt.Sprintf("/incidents/%d?%s", inc.ID, f.withPos(offset+i))}
		if inc.LeasedBy != "" && inc.LeaseUntil.After(now) {
			if inc.LeasedBy == p.Name {
				row.Leased = true
			} else {
				row.HeldBy = inc.LeasedBy
			}
		}
		if v.FirstURL == "" && row.HeldBy == "" {
			v.FirstURL = row.URL
		}
		v.Rows = append(v.Rows, row)
	}
	if len(list) > 0 {
		v.From, v.To = offset+1, offset+len(list)
	}
	page := func(off int) string {
		u := f.values()
		if off > 0 {
			u.Set("offset", strconv.Itoa(off))
		}
		return "/?" + u.Encode()
	}
	if offset > 0 {
		v.PrevURL = page(max(offset-s.opt.PageSize, 0))
	}
	if offset+len(list) < total {
		v.NextURL = page(offset + s.opt.PageSize)
	}
	v.Notice = notice(qv)
	s.render(w, r, http.StatusOK, "queue", p, "Queue", v)
}

// notice turns the counts a redirect carries into a sentence.
func notice(v url.Values) string {
	var parts []string
	for _, k := range []struct{ key, verb string }{{"approved", "Approved"}, {"rejected", "Rejected"}, {"failed", "Refused"}} {
		if n, _ := strconv.Atoi(v.Get(k.key)); n > 0 {
			parts = append(parts, fmt.Sprintf("%s %s", k.verb, pluralize(n, "incident")))
		}
	}
	if v.Get("done") != "" {
		parts = append(parts, "No more incidents in this list.")
	}
	if len(parts) == 0 {
		return ""
	}
	msg := strings.Join(parts, ". ")
	if v.Get("failed") != "" && v.Get("failed") != "0" {
		msg += " (changed by someone else, leased, or already merged — see each incident's log)"
	}
	return msg
}

// nav opens the incident at position pos of the filtered list (j/k).
func (s *server) nav(w http.ResponseWriter, r *http.Request, p *principal) {
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	pos, _ := strconv.Atoi(r.URL.Query().Get("pos"))
	s.redirectTo(w, r, p, f, pos, 0)
}

// redirectTo sends the browser to the incident at pos of the filtered list,
// skipping one id (the incident just left), or back to the queue at the end.
// Incidents leased to other reviewers are passed over.
func (s *server) redirectTo(w http.ResponseWriter, r *http.Request, p *principal, f queueFilter, pos int, skip int64) {
	pos = max(pos, 0)
	now := s.now()
	q := f.query(now)
	const batch = 10
	for range 20 {
		q.Limit, q.Offset = batch, pos
		list, _, err := s.st.Incidents(r.Context(), q)
		if err != nil {
			s.errorPage(w, r, p, err)
			return
		}
		for _, inc := range list {
			if inc.ID == skip || inc.LeasedBy != "" && inc.LeasedBy != p.Name && inc.LeaseUntil.After(now) {
				pos++
				continue
			}
			http.Redirect(w, r, fmt.Sprintf("/incidents/%d?%s", inc.ID, f.withPos(pos)), http.StatusSeeOther)
			return
		}
		if len(list) < batch {
			break
		}
	}
	v := f.values()
	v.Set("done", "1")
	http.Redirect(w, r, "/?"+v.Encode(), http.StatusSeeOther)
}

// bulkItem is one checked row: an incident id and the version the list showed.
type bulkItem struct {
	ID, Version int64
	Inc         heistwatch.Incident
}

func parseBulk(vals []string) ([]bulkItem, error) {
	var out []bulkItem
	for _, s := range vals {
		a, b, ok := strings.Cut(s, ":")
		id, err1 := strconv.ParseInt(a, 10, 64)
		ver, err2 := strconv.ParseInt(b, 10, 64)
		if !ok || err1 != nil || err2 != nil {
			return nil, heistwatch.Errorf(heistwatch.CodeInvalid, "bad incident %q: want ID:VERSION", s)
		}
		out = append(out, bulkItem{ID: id, Version: ver})
	}
	if len(out) == 0 {
		return nil, heistwatch.Errorf(heistwatch.CodeInvalid, "no incidents selected")
	}
	return out, nil
}

type confirmView struct {
	Items  []bulkItem
	Filter string
}

// bulk rejects the checked incidents at once, or approves them after a
// confirmation page listing what would be approved.
func (s *server) bulk(w http.ResponseWriter, r *http.Request, p *principal) {
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, p, heistwatch.Errorf(heistwatch.CodeInvalid, "bad form: %v", err))
		return
	}
	items, err := parseBulk(r.PostForm["id"])
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	f, _ := parseFilter(r.URL.Query())
	to := heistwatch.StatusRejected
	switch r.PostFormValue("action") {
	case "reject":
	case "approve":
		to = heistwatch.StatusApproved
		if r.PostFormValue("confirmed") != "yes" {
			for i := range items {
				if items[i].Inc, err = s.st.Incident(r.Context(), items[i].ID); err != nil {
					s.errorPage(w, r, p, err)
					return
				}
			}
			s.render(w, r, http.StatusOK, "confirm", p, "Approve "+pluralize(len(items), "incident")+"?",
				confirmView{Items: items, Filter: f.values().Encode()})
			return
		}
	default:
		s.errorPage(w, r, p, heistwatch.Errorf(heistwatch.CodeInvalid, "bulk action must be approve or reject"))
		return
	}
	ok, failed := 0, 0
	for _, it := range items {
		if _, err := s.decide(r.Context(), p, it.ID, it.Version, to); err != nil {
			if heistwatch.ErrorCode(err) == heistwatch.CodeInternal {
				s.errorPage(w, r, p, err)
				return
			}
			failed++
			continue
		}
		ok++
	}
	v := f.values()
	v.Set(map[heistwatch.Status]string{heistwatch.StatusApproved: "approved", heistwatch.StatusRejected: "rejected"}[to], strconv.Itoa(ok))
	if failed > 0 {
		v.Set("failed", strconv.Itoa(failed))
	}
	http.Redirect(w, r, "/?"+v.Encode(), http.StatusSeeOther)
}

type aggregateRow struct {
	Claim heistwatch.Claim
	Doc   heistwatch.Document
}

// aggregatesPage lists totals over many thefts (yearly figures and the
// like), kept apart from the incident queue.
func (s *server) aggregatesPage(w http.ResponseWriter, r *http.Request, p *principal) {
	claims, err := s.st.Claims(r.Context(), heistwatch.ClaimQuery{Kind: heistwatch.KindAggregate, Limit: 300})
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	docs := map[int64]heistwatch.Document{}
	var rows []aggregateRow
	for _, c := range claims {
		d, ok := docs[c.DocumentID]
		if !ok {
			if d, err = s.st.Document(r.Context(), c.DocumentID); err != nil {
				s.errorPage(w, r, p, err)
				return
			}
			d.Text = "" // only the title and URL are shown
			docs[c.DocumentID] = d
		}
		rows = append(rows, aggregateRow{Claim: c, Doc: d})
	}
	s.render(w, r, http.StatusOK, "aggregates", p, "Aggregates", rows)
}

// auditScan is how far back a search by reviewer looks.
const auditScan = 20000

// auditEntries lists the newest audit entries, of one incident (id) or all,
// of one reviewer when actor is set (among the newest auditScan entries).
func (s *server) auditEntries(ctx context.Context, id int64, actor string, limit int) ([]heistwatch.AuditEntry, error) {
	if actor == "" {
		return s.st.Audit(ctx, id, limit)
	}
	all, err := s.st.Audit(ctx, id, auditScan)
	if err != nil {
		return nil, err
	}
	out := []heistwatch.AuditEntry{}
	for _, e := range all {
		if e.Actor == actor || strings.TrimSuffix(e.Actor, " (undo)") == actor {
			out = append(out, e)
			if len(out) == limit {
				break
			}
		}
	}
	return out, nil
}

// auditPage shows the newest audit entries, of one incident or of all, of
// one reviewer or of everyone.
func (s *server) auditPage(w http.ResponseWriter, r *http.Request, p *principal) {
	id, _ := strconv.ParseInt(r.URL.Query().Get("incident"), 10, 64)
	actor := strings.TrimSpace(r.URL.Query().Get("actor"))
	entries, err := s.auditEntries(r.Context(), id, actor, 500)
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	s.render(w, r, http.StatusOK, "audit", p, "Audit log", struct {
		Incident int64
		Actor    string
		Entries  []heistwatch.AuditEntry
	}{id, actor, entries})
}
