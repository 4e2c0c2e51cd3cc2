package review

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/cluster"
)

// segment is a run of evidence text; Class marks a highlighted amount,
// victim or actor. Text is always escaped by the template.
type segment struct {
	Text  string
	Class string
}

// evidenceView is one evidence sentence in the words around it.
type evidenceView struct {
	Before string
	Segs   []segment
	After  string
}

type claimView struct {
	Claim    heistwatch.Claim
	Evidence []evidenceView
}

type sourceView struct {
	Src    heistwatch.Source
	Feed   string
	Claims []claimView
}

type fieldRow struct {
	Name      string
	Extracted string
	Value     string // effective
	Edited    bool   // the reviewer's value differs from the extracted one
	Pretty    string // a dollar figure written short, "$620M"
}

type incidentView struct {
	Inc      heistwatch.Incident
	Eff      heistwatch.Fields
	Fields   []fieldRow
	Figures  []cluster.Figure
	Conflict bool // the sources state different dollar figures
	Sources  []sourceView
	Audit    []heistwatch.AuditEntry
	ReadOnly string // why the viewer cannot change it now ("" = can)
	Leased   bool
	Pos      int
	Filter   queueFilter
	QS       string // filters and pos, for forms and links
	PrevURL  string
	NextURL  string
	QueueURL string
	Message  string
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, heistwatch.Errorf(heistwatch.CodeInvalid, "bad incident id %q", r.PathValue("id"))
	}
	return id, nil
}

func (s *server) incidentPage(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	qv := r.URL.Query()
	f, err := parseFilter(qv)
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	pos, _ := strconv.Atoi(qv.Get("pos"))
	v, err := s.incidentView(r.Context(), p, id, f, max(pos, 0))
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	v.Message = qv.Get("msg")
	s.render(w, r, http.StatusOK, "incident", p, fmt.Sprintf("#%d %s", id, v.Eff.Victim), v)
}

// incidentView gathers everything the incident page shows, leasing the
// incident to a reviewer who opens it.
func (s *server) incidentView(ctx context.Context, p *principal, id int64, f queueFilter, pos int) (incidentView, error) {
	now := s.now()
	v := incidentView{Filter: f, Pos: pos, QS: f.withPos(pos), QueueURL: "/?" + f.values().Encode()}
	switch {
	case !p.can(heistwatch.RoleReviewer):
		v.ReadOnly = "Your role is " + string(p.Role) + ": you can read but not change incidents."
	default:
		err := s.st.Lease(ctx, id, p.Name, now.Add(s.opt.LeaseTime))
		switch {
		case err == nil:
			v.Leased = true
		case errors.Is(err, heistwatch.ErrConflict):
			v.ReadOnly = "Someone else is reviewing this incident (" + err.Error() + "). It is read-only for you until their lease ends."
		case errors.Is(err, heistwatch.ErrNotFound):
			return v, err
		default:
			return v, fmt.Errorf("lease incident %d: %w", id, err)
		}
	}
	inc, err := s.st.Incident(ctx, id)
	if err != nil {
		return v, err
	}
	if inc.Status == heistwatch.StatusMerged && v.ReadOnly == "" {
		v.ReadOnly = fmt.Sprintf("This incident was merged into #%d.", inc.MergedInto)
	}
	v.Inc, v.Eff = inc, inc.Effective()
	for _, name := range formFields {
		row := fieldRow{Name: name, Extracted: FieldValue(inc.Extracted, name), Value: FieldValue(v.Eff, name)}
		row.Edited = slices.Contains(inc.Edits.Set, setKey(name)) && row.Extracted != row.Value
		if n, err := parseUSD(row.Value); err == nil && n != nil && (name == "amount_usd" || name == "amount_usd_max") {
			row.Pretty = usd(n)
		}
		v.Fields = append(v.Fields, row)
	}
	var claims []heistwatch.Claim
	feeds, err := s.feedNames(ctx)
	if err != nil {
		return v, err
	}
	for _, src := range inc.Sources {
		sv := sourceView{Src: src, Feed: feeds[src.FeedID]}
		text := ""
		if d, err := s.st.Document(ctx, src.DocumentID); err == nil {
			text = d.Text
		} else if !errors.Is(err, heistwatch.ErrNotFound) {
			return v, err
		}
		runes := []rune(text)
		for _, c := range src.Claims {
			claims = append(claims, c)
			cv := claimView{Claim: c}
			terms := highlightTerms(c, v.Eff)
			for _, ev := range c.Evidence {
				cv.Evidence = append(cv.Evidence, evidenceInContext(runes, ev, terms))
			}
			sv.Claims = append(sv.Claims, cv)
		}
		v.Sources = append(v.Sources, sv)
	}
	v.Figures = cluster.Figures(claims)
	usdFigures := 0
	for _, fg := range v.Figures {
		if fg.Unit == cluster.USD {
			usdFigures++
		}
	}
	v.Conflict = usdFigures > 1
	if v.Audit, err = s.st.Audit(ctx, id, 200); err != nil {
		return v, err
	}
	if pos > 0 {
		v.PrevURL = "/next?" + f.withPos(pos-1)
	}
	v.NextURL = "/next?" + f.withPos(pos+1)
	return v, nil
}

// feedNames maps feed ids to the name a reviewer knows them by.
func (s *server) feedNames(ctx context.Context) (map[int64]string, error) {
	feeds, err := s.st.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]string, len(feeds))
	for _, f := range feeds {
		name := f.Name
		if name == "" {
			name = f.Title
		}
		if name == "" {
			name = f.URL
		}
		out[f.ID] = name
	}
	return out, nil
}

// contextRunes is how much text around an evidence sentence is shown.
const contextRunes = 240

// evidenceInContext places an evidence span in its document: the words
// before, the sentence with its terms highlighted, the words after. When the
// offsets do not fit the stored text (an older version), the sentence is
// shown alone.
func evidenceInContext(text []rune, ev heistwatch.Evidence, terms []term) evidenceView {
	out := evidenceView{Segs: highlight(ev.Text, terms)}
	start, end := ev.Start, ev.End
	if start < 0 || end > len(text) || start >= end || string(text[start:end]) != ev.Text {
		i := strings.Index(string(text), ev.Text)
		if i < 0 || ev.Text == "" {
			return out
		}
		start = len([]rune(string(text)[:i]))
		end = start + len([]rune(ev.Text))
	}
	b := max(start-contextRunes, 0)
	before := string(text[b:start])
	if b > 0 {
		if i := strings.IndexAny(before, " \n"); i >= 0 {
			before = before[i+1:]
		}
		before = "…" + before
	}
	a := min(end+contextRunes, len(text))
	after := string(text[end:a])
	if a < len(text) {
		if i := strings.LastIndexAny(after, " \n"); i >= 0 {
			after = after[:i]
		}
		after += "…"
	}
	out.Before, out.After = before, after
	return out
}

// term is a word or pattern to highlight in evidence.
type term struct {
	re    *regexp.Regexp
	class string
}

// amountRe finds money as articles write it: "$620 million", "US$1.5bn",
// "4,500 BTC", "£20m".
var amountRe = regexp.MustCompile(`(?i)(?:US\$|[$£€¥₩])\s?\d[\d,]*(?:\.\d+)?(?:\s?(?:million|billion|thousand|bn|mn|m|b|k)\b)?` +
	`|\b\d[\d,]*(?:\.\d+)?\s?(?:million|billion|thousand)?\s?(?:BTC|ETH|USDT|USDC|SOL|XRP|TRX|BNB|DAI|dollars|pounds|euros|won|yen)\b`)

// highlightTerms are the claim's amount, victim and actor as worded.
func highlightTerms(c heistwatch.Claim, eff heistwatch.Fields) []term {
	terms := []term{{re: amountRe, class: "hl-amount"}}
	words := func(class string, names ...string) {
		for _, n := range names {
			if n = strings.TrimSpace(n); len(n) >= 2 {
				terms = append(terms, term{re: regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(n) + `\b`), class: class})
			}
		}
	}
	words("hl-victim", c.Victim, eff.Victim)
	words("hl-actor", c.Actor, eff.Actor)
	return terms
}

// highlight cuts s into plain and marked segments; earlier and longer
// matches win where two overlap.
func highlight(s string, terms []term) []segment {
	type span struct {
		a, b  int
		class string
	}
	var spans []span
	for _, t := range terms {
		for _, m := range t.re.FindAllStringIndex(s, -1) {
			spans = append(spans, span{m[0], m[1], t.class})
		}
	}
	slices.SortFunc(spans, func(x, y span) int {
		if x.a != y.a {
			return x.a - y.a
		}
		return (y.b - y.a) - (x.b - x.a)
	})
	var out []segment
	at := 0
	for _, sp := range spans {
		if sp.a < at {
			continue
		}
		if sp.a > at {
			out = append(out, segment{Text: s[at:sp.a]})
		}
		out = append(out, segment{Text: s[sp.a:sp.b], Class: sp.class})
		at = sp.b
	}
	if at < len(s) {
		out = append(out, segment{Text: s[at:]})
	}
	return out
}

// incidentAction runs a form button of the incident page.
func (s *server) incidentAction(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		s.errorPage(w, r, p, heistwatch.Errorf(heistwatch.CodeInvalid, "bad form: %v", err))
		return
	}
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	pos, _ := strconv.Atoi(r.URL.Query().Get("pos"))
	pos = max(pos, 0)
	action := r.PathValue("action")
	var base int64
	if action != "skip" {
		if base, err = strconv.ParseInt(r.PostFormValue("version"), 10, 64); err != nil {
			s.errorPage(w, r, p, heistwatch.Errorf(heistwatch.CodeInvalid, "the form carries no version"))
			return
		}
	}
	ctx := r.Context()
	back := func(msg string) {
		u := fmt.Sprintf("/incidents/%d?%s", id, f.withPos(pos))
		if msg != "" {
			u += "&msg=" + urlQueryEscape(msg)
		}
		http.Redirect(w, r, u, http.StatusSeeOther)
	}
	switch action {
	case "approve", "reject":
		to := heistwatch.StatusApproved
		if action == "reject" {
			to = heistwatch.StatusRejected
		}
		inc, err := s.decide(ctx, p, id, base, to)
		if err != nil {
			s.conflictPage(w, r, p, id, f, pos, err)
			return
		}
		next := pos
		if f.includes(inc) {
			next++
		}
		s.redirectTo(w, r, p, f, next, id)
	case "skip":
		if err := s.st.Lease(ctx, id, p.Name, s.now()); err != nil && !errors.Is(err, heistwatch.ErrConflict) {
			s.errorPage(w, r, p, err)
			return
		}
		s.redirectTo(w, r, p, f, pos+1, id)
	case "edit":
		in := map[string]string{}
		for _, name := range formFields {
			if vals, ok := r.PostForm[name]; ok && len(vals) > 0 {
				in[name] = vals[0]
			}
		}
		if _, err := s.edit(ctx, p, id, base, in); err != nil {
			s.conflictPage(w, r, p, id, f, pos, err)
			return
		}
		back("Saved.")
	case "undo":
		if _, err := s.undo(ctx, p, id, base); err != nil {
			s.conflictPage(w, r, p, id, f, pos, err)
			return
		}
		back("Undone.")
	case "merge":
		other, err := strconv.ParseInt(strings.TrimPrefix(strings.TrimSpace(r.PostFormValue("other")), "#"), 10, 64)
		if err != nil || other <= 0 {
			s.conflictPage(w, r, p, id, f, pos, heistwatch.Errorf(heistwatch.CodeInvalid, "merge: give the number of the other incident"))
			return
		}
		otherBase, _ := strconv.ParseInt(r.PostFormValue("other_version"), 10, 64)
		if _, err := s.merge(ctx, p, id, base, other, otherBase); err != nil {
			s.conflictPage(w, r, p, id, f, pos, err)
			return
		}
		back(fmt.Sprintf("Merged #%d into this incident.", other))
	case "split":
		doc, err := strconv.ParseInt(r.PostFormValue("document"), 10, 64)
		if err != nil {
			s.conflictPage(w, r, p, id, f, pos, heistwatch.Errorf(heistwatch.CodeInvalid, "split: no document given"))
			return
		}
		nw, err := s.split(ctx, p, id, base, doc)
		if err != nil {
			s.conflictPage(w, r, p, id, f, pos, err)
			return
		}
		back(fmt.Sprintf("Split document %d out into incident #%d.", doc, nw.ID))
	default:
		s.errorPage(w, r, p, heistwatch.Errorf(heistwatch.CodeNotFound, "no action %q", action))
	}
}

// conflictPage shows the incident again, as it is now, with the reason the
// change was refused and the status that reason maps to (409 for a
// conflict, 400 for bad input).
func (s *server) conflictPage(w http.ResponseWriter, r *http.Request, p *principal, id int64, f queueFilter, pos int, cause error) {
	status := httpStatus(cause)
	if status == http.StatusInternalServerError {
		s.errorPage(w, r, p, cause)
		return
	}
	v, err := s.incidentView(r.Context(), p, id, f, pos)
	if err != nil {
		s.errorPage(w, r, p, cause)
		return
	}
	v.Message = s.publicMessage(r, cause)
	if status == http.StatusConflict {
		v.Message = "Not saved: " + v.Message + ". The page now shows the current version; check it and try again."
	}
	s.render(w, r, status, "incident", p, fmt.Sprintf("#%d %s", id, v.Eff.Victim), v)
}

// merge folds incident src into dst, remembering src's documents so an undo
// can split them back out.
func (s *server) merge(ctx context.Context, p *principal, dst, dstBase, src, srcBase int64) (heistwatch.Incident, error) {
	if dst == src {
		return heistwatch.Incident{}, heistwatch.Errorf(heistwatch.CodeInvalid, "cannot merge incident %d into itself", dst)
	}
	d, err := s.st.Incident(ctx, dst)
	if err != nil {
		return d, err
	}
	sr, err := s.st.Incident(ctx, src)
	if err != nil {
		return d, err
	}
	if srcBase == 0 {
		srcBase = sr.Version
	}
	inc, err := s.st.Merge(ctx, dst, dstBase, src, srcBase, p.Name, s.opt.Clusterer)
	if err != nil {
		if errors.Is(err, heistwatch.ErrConflict) {
			s.recordConflict(ctx, p, dst, dstBase, actMerge, fmt.Sprintf("merge #%d in", src), err)
		}
		return inc, err
	}
	own := map[int64]bool{}
	for _, so := range d.Sources {
		own[so.DocumentID] = true
	}
	var docs []string
	for _, so := range sr.Sources {
		if !own[so.DocumentID] {
			docs = append(docs, strconv.FormatInt(so.DocumentID, 10))
		}
	}
	rec := heistwatch.AuditEntry{IncidentID: dst, Actor: p.Name, Action: "merge_sources", Field: "merged_from",
		Before: "#" + strconv.FormatInt(src, 10), After: strings.Join(docs, ","), At: s.now().UTC()}
	if err := s.st.AddAudit(ctx, rec); err != nil {
		return inc, fmt.Errorf("merge: record sources: %w", err)
	}
	return inc, nil
}

// split moves one document's claims out of an incident into a new one.
func (s *server) split(ctx context.Context, p *principal, id, base, doc int64) (heistwatch.Incident, error) {
	nw, err := s.st.Split(ctx, id, base, doc, p.Name, s.opt.Clusterer)
	if err != nil && errors.Is(err, heistwatch.ErrConflict) {
		s.recordConflict(ctx, p, id, base, actSplit, fmt.Sprintf("split document %d out", doc), err)
	}
	return nw, err
}

// undoBy is the name the store steps of an undo run under, so the audit
// log shows them as part of the undo and they are not undone again.
func undoBy(p *principal) string { return p.Name + " (undo)" }

// undoMerge brings a merged incident back: its documents are split out of
// dst and folded back into the original incident, which regains its status.
func (s *server) undoMerge(ctx context.Context, p *principal, dst, base int64, g auditGroup) (heistwatch.Incident, error) {
	log, err := s.st.Audit(ctx, dst, 500)
	if err != nil {
		return heistwatch.Incident{}, err
	}
	var rec *heistwatch.AuditEntry
	n := 0
	for i, e := range log {
		if e.Actor == p.Name && e.Action == "merge_sources" {
			if n == g.nth {
				rec = &log[i]
				break
			}
			n++
		}
	}
	if rec == nil {
		return heistwatch.Incident{}, heistwatch.Errorf(heistwatch.CodeInvalid, "cannot undo this merge: it did not record its sources")
	}
	src, _ := strconv.ParseInt(strings.TrimPrefix(rec.Before, "#"), 10, 64)
	var docs []int64
	for _, f := range strings.Split(rec.After, ",") {
		if n, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64); err == nil {
			docs = append(docs, n)
		}
	}
	sr, err := s.st.Incident(ctx, src)
	if err != nil {
		return sr, err
	}
	if sr.Status != heistwatch.StatusMerged || sr.MergedInto != dst {
		return sr, heistwatch.Errorf(heistwatch.CodeConflict, "cannot undo the merge: incident %d has changed since", src)
	}
	d, err := s.st.Incident(ctx, dst)
	if err != nil {
		return d, err
	}
	if d.Version != base {
		err := fmt.Errorf("incident %d is at version %d, the undo was based on %d: %w", dst, d.Version, base, heistwatch.ErrConflict)
		s.recordConflict(ctx, p, dst, base, actUndo, "undo merge", err)
		return d, err
	}
	before := heistwatch.StatusPending
	if srcLog, err := s.st.Audit(ctx, src, 200); err == nil {
		for _, e := range srcLog {
			if e.Action == actMerge && e.Field == "status" && strings.HasPrefix(e.After, "merged into") {
				before = heistwatch.Status(e.Before)
				break
			}
		}
	}
	by := undoBy(p)
	now := s.now()
	// Give our leases back so the store steps (run as "NAME (undo)") may
	// write; another reviewer's lease still stops them.
	if err := s.releaseMine(ctx, p, dst, src); err != nil {
		return d, err
	}
	defer s.st.Lease(context.WithoutCancel(ctx), dst, p.Name, now.Add(s.opt.LeaseTime))
	revived, err := s.st.UpdateIncident(ctx, src, sr.Version, by, func(inc *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		inc.Status, inc.MergedInto = before, 0
		return []heistwatch.AuditEntry{{Action: actUndo, Field: "status", Before: string(heistwatch.StatusMerged), After: string(before)}}, nil
	})
	if err != nil {
		return d, err
	}
	dstVer, srcVer := base, revived.Version
	for _, doc := range docs {
		part, err := s.st.Split(ctx, dst, dstVer, doc, by, s.opt.Clusterer)
		if err != nil {
			return d, fmt.Errorf("undo merge: split document %d back out: %w", doc, err)
		}
		dstVer++
		back, err := s.st.Merge(ctx, src, srcVer, part.ID, part.Version, by, s.opt.Clusterer)
		if err != nil {
			return d, fmt.Errorf("undo merge: fold document %d back into %d: %w", doc, src, err)
		}
		srcVer = back.Version
	}
	e := heistwatch.AuditEntry{IncidentID: dst, Actor: p.Name, Action: actUndo, Field: "sources",
		Before: fmt.Sprintf("merged incident %d in", src), After: fmt.Sprintf("incident %d restored", src), At: now.UTC()}
	if err := s.st.AddAudit(ctx, e); err != nil {
		return d, err
	}
	return s.st.Incident(ctx, dst)
}

// undoSplit folds the incident a split made back into the one it came from.
func (s *server) undoSplit(ctx context.Context, p *principal, id, base int64, g auditGroup) (heistwatch.Incident, error) {
	var nw int64
	for _, e := range g.entries {
		if i := strings.LastIndex(e.After, " "); i >= 0 && strings.HasPrefix(e.After, "moved to incident") {
			nw, _ = strconv.ParseInt(e.After[i+1:], 10, 64)
		}
	}
	if nw == 0 {
		return heistwatch.Incident{}, heistwatch.Errorf(heistwatch.CodeInvalid, "cannot undo this split: the new incident is not recorded")
	}
	part, err := s.st.Incident(ctx, nw)
	if err != nil {
		return part, err
	}
	now := s.now()
	if err := s.releaseMine(ctx, p, id, nw); err != nil {
		return part, err
	}
	defer s.st.Lease(context.WithoutCancel(ctx), id, p.Name, now.Add(s.opt.LeaseTime))
	inc, err := s.st.Merge(ctx, id, base, nw, part.Version, undoBy(p), s.opt.Clusterer)
	if err != nil {
		if errors.Is(err, heistwatch.ErrConflict) {
			s.recordConflict(ctx, p, id, base, actUndo, "undo split", err)
		}
		return inc, err
	}
	e := heistwatch.AuditEntry{IncidentID: id, Actor: p.Name, Action: actUndo, Field: "sources",
		Before: fmt.Sprintf("split out as incident %d", nw), After: "merged back", At: now.UTC()}
	if err := s.st.AddAudit(ctx, e); err != nil {
		return inc, err
	}
	return s.st.Incident(ctx, id)
}

// releaseMine gives back the reviewer's own leases on the incidents.
func (s *server) releaseMine(ctx context.Context, p *principal, ids ...int64) error {
	for _, id := range ids {
		if err := s.st.Lease(ctx, id, p.Name, s.now()); err != nil && !errors.Is(err, heistwatch.ErrConflict) {
			return err
		}
	}
	return nil
}

type candidatesView struct {
	Inc        heistwatch.Incident
	Eff        heistwatch.Fields
	Candidates []heistwatch.Incident
	QS         string
}

// candidatesPage lists other incidents whose victim resembles this one's,
// each with a button to merge it in. It is a page of its own because the
// substring search reads every incident, too slow for each incident view.
func (s *server) candidatesPage(w http.ResponseWriter, r *http.Request, p *principal) {
	id, err := pathID(r)
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	f, err := parseFilter(r.URL.Query())
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	pos, _ := strconv.Atoi(r.URL.Query().Get("pos"))
	inc, err := s.st.Incident(r.Context(), id)
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	v := candidatesView{Inc: inc, Eff: inc.Effective(), QS: f.withPos(pos)}
	needle := inc.VictimKey
	if needle == "" {
		needle = v.Eff.Victim
	}
	if needle != "" {
		cands, _, err := s.st.Incidents(r.Context(), heistwatch.IncidentQuery{Victim: needle,
			Status: []heistwatch.Status{heistwatch.StatusPending, heistwatch.StatusApproved, heistwatch.StatusRejected}, Limit: 50})
		if err != nil {
			s.errorPage(w, r, p, err)
			return
		}
		for _, c := range cands {
			if c.ID != id {
				v.Candidates = append(v.Candidates, c)
			}
		}
	}
	s.render(w, r, http.StatusOK, "candidates", p, fmt.Sprintf("Merge into #%d", id), v)
}
