package review

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/heistwatch/heistwatch"
)

func TestXSSRendersInert(t *testing.T) {
	st := openStore(t)
	ids := loadFixture(t, st, "xss.json")
	loadFixture(t, st, "incidents.json") // aggregates page needs a row too
	addUser(t, st, "alice", heistwatch.RoleReviewer, "alice-password")
	srv := startServer(t, st, nil)
	b := signIn(t, srv, "alice", "alice-password")

	evil := ids["<script>alert('victim')</script>Evil"]
	if evil == 0 {
		t.Fatalf("fixture incident missing: %v", ids)
	}
	pages := []string{
		"/",
		"/?q=" + "%3Cscript%3E",
		fmt.Sprintf("/incidents/%d", evil),
		fmt.Sprintf("/incidents/%d", ids["Scripty"]),
		"/aggregates",
		"/audit",
	}
	// Markup that must never reach the browser as markup.
	live := []*regexp.Regexp{
		regexp.MustCompile(`(?i)<script>alert`),
		regexp.MustCompile(`(?i)<img src=x`),
		regexp.MustCompile(`(?i)<iframe`),
		regexp.MustCompile(`(?i)<svg`),
		regexp.MustCompile(`(?i)<b>bold`),
		regexp.MustCompile(`(?i)href="javascript:`),
	}
	for _, p := range pages {
		code, body := b.get(p)
		if code != http.StatusOK {
			t.Fatalf("GET %s: %d\n%s", p, code, body)
		}
		for _, re := range live {
			if loc := re.FindStringIndex(body); loc != nil {
				t.Errorf("GET %s: live markup %q at %d: …%s…", p, re, loc[0], body[max(loc[0]-80, 0):min(loc[1]+80, len(body))])
			}
		}
	}
	// The text is still there, as text.
	_, body := b.get(fmt.Sprintf("/incidents/%d", evil))
	for _, want := range []string{"&lt;script&gt;alert(&#39;victim&#39;)&lt;/script&gt;", "&lt;img src=x onerror=alert(&#39;feed&#39;)&gt;Evil Feed",
		"&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; Exchange hacked", "&lt;b&gt;bold&lt;/b&gt;"} {
		if !strings.Contains(body, want) {
			t.Errorf("incident page lacks the escaped text %q", want)
		}
	}
	if resp, err := b.c.Get(b.base + "/"); err == nil {
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
			t.Errorf("no script-src CSP: %q", csp)
		}
		resp.Body.Close()
	}
}

func TestConcurrentEditsOneWins(t *testing.T) {
	st := openStore(t)
	ids := loadFixture(t, st, "incidents.json")
	srv := startServer(t, st, nil)
	tokens := map[string]string{
		"alice": addToken(t, st, addUser(t, st, "alice", heistwatch.RoleReviewer, "alice-password")),
		"bob":   addToken(t, st, addUser(t, st, "bob", heistwatch.RoleReviewer, "bob-password")),
	}
	id := ids["WazirX"]
	base := mustIncident(t, st, id).Version
	edits := map[string]map[string]any{
		"alice": {"amount_usd": 234900000},
		"bob":   {"actor": "Lazarus Group", "actor_family": "DPRK"},
	}
	path := fmt.Sprintf("/api/incidents/%d/edit", id)
	codes := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := make(chan struct{})
	for who := range edits {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			code := apiCall(t, srv, tokens[who], "POST", path, map[string]any{"version": base, "fields": edits[who]}, nil)
			mu.Lock()
			codes[who] = code
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	var winner, loser string
	for who, code := range codes {
		switch code {
		case http.StatusOK:
			winner = who
		case http.StatusConflict:
			loser = who
		default:
			t.Fatalf("%s got %d, want 200 or 409", who, code)
		}
	}
	if winner == "" || loser == "" {
		t.Fatalf("want exactly one winner and one conflict, got %v", codes)
	}
	inc := mustIncident(t, st, id)
	if inc.Version != base+1 {
		t.Fatalf("version %d, want %d: the refused write must not bump it", inc.Version, base+1)
	}
	// The loser sees the conflict with the current record and retries on it.
	var conflict apiErr
	if code := apiCall(t, srv, tokens[loser], "POST", path, map[string]any{"version": base, "fields": edits[loser]}, &conflict); code != 409 {
		t.Fatalf("stale retry: %d", code)
	}
	if conflict.Current == nil || conflict.Current.Version != base+1 {
		t.Fatalf("409 body lacks the current incident: %+v", conflict)
	}
	if code := apiCall(t, srv, tokens[loser], "POST", path, map[string]any{"version": conflict.Current.Version, "fields": edits[loser]}, nil); code != 200 {
		t.Fatalf("retry on the current version: %d", code)
	}
	final := mustIncident(t, st, id)
	eff := final.Effective()
	if eff.AmountUSD == nil || *eff.AmountUSD != 234900000 || eff.Actor != "Lazarus Group" || eff.ActorFamily != "DPRK" {
		t.Fatalf("an update was lost: %+v", eff)
	}
	log, err := st.Audit(context.Background(), id, 0)
	if err != nil {
		t.Fatal(err)
	}
	var edited, refused []string
	for _, e := range log {
		switch e.Action {
		case actEdit:
			edited = append(edited, e.Actor)
		case actConflict:
			refused = append(refused, e.Actor)
		}
	}
	if len(refused) < 1 || refused[len(refused)-1] != loser {
		t.Errorf("audit log lacks %s's refused attempt: %v", loser, log)
	}
	// The refused attempt keeps the values it wanted to write.
	for _, e := range log {
		if e.Action == actConflict && e.Actor == loser {
			for name := range edits[loser] {
				if !strings.Contains(e.After, name+"=") {
					t.Errorf("refused attempt %q does not record %s", e.After, name)
				}
			}
		}
	}
	if !strings.Contains(strings.Join(edited, ","), winner) || !strings.Contains(strings.Join(edited, ","), loser) {
		t.Errorf("audit log lacks an edit of both: %v", edited)
	}
	// The API filters the log by reviewer.
	var mine []heistwatch.AuditEntry
	if code := apiCall(t, srv, tokens[winner], "GET", "/api/audit?actor="+loser, nil, &mine); code != 200 || len(mine) == 0 {
		t.Fatalf("audit by %s: %d, %d entries", loser, code, len(mine))
	}
	actions := map[string]bool{}
	for _, e := range mine {
		if e.Actor != loser {
			t.Errorf("audit?actor=%s returned an entry by %s", loser, e.Actor)
		}
		actions[e.Action] = true
	}
	if !actions[actConflict] || !actions[actEdit] {
		t.Errorf("audit?actor=%s holds %v, want the conflict and the edit", loser, actions)
	}
}

func TestUndoMergeSplit(t *testing.T) {
	ctx := context.Background()
	st := openStore(t)
	ids := loadFixture(t, st, "incidents.json")
	srv := startServer(t, st, nil)
	alice := addUser(t, st, "alice", heistwatch.RoleReviewer, "alice-password")
	tok := addToken(t, st, alice)
	call := func(method, path string, body any, want int) apiIncident {
		t.Helper()
		var out apiIncident
		if code := apiCall(t, srv, tok, method, path, body, &out); code != want {
			t.Fatalf("%s %s: %d, want %d", method, path, code, want)
		}
		return out
	}

	// Approve, edit, then undo twice: back to pending with the extracted amount.
	id := ids["DMM Bitcoin"]
	inc := call("POST", fmt.Sprintf("/api/incidents/%d/approve", id), map[string]any{"version": 1}, 200)
	inc = call("POST", fmt.Sprintf("/api/incidents/%d/edit", id), map[string]any{"version": inc.Version, "fields": map[string]any{"amount_usd": "306m"}}, 200)
	if got := *inc.Effective.AmountUSD; got != 306000000 {
		t.Fatalf("edited amount %d", got)
	}
	inc = call("POST", fmt.Sprintf("/api/incidents/%d/undo", id), map[string]any{"version": inc.Version}, 200)
	after := mustIncident(t, st, id)
	if got := *after.Effective().AmountUSD; got != 305000000 || inc.Status != heistwatch.StatusApproved {
		t.Fatalf("after first undo: amount %d status %s", got, inc.Status)
	}
	inc = call("POST", fmt.Sprintf("/api/incidents/%d/undo", id), map[string]any{"version": inc.Version}, 200)
	if got := mustIncident(t, st, id); got.Status != heistwatch.StatusPending || got.ReviewedBy != "" || len(got.Edits.Set) != 0 {
		t.Fatalf("after second undo: %s by %q, edits %v", got.Status, got.ReviewedBy, got.Edits.Set)
	}
	call("POST", fmt.Sprintf("/api/incidents/%d/undo", id), map[string]any{"version": inc.Version}, 400)
	// An edit that changes nothing writes nothing.
	same := call("POST", fmt.Sprintf("/api/incidents/%d/edit", id), map[string]any{"version": inc.Version, "fields": map[string]any{"victim": "DMM Bitcoin"}}, 200)
	if same.Version != inc.Version {
		t.Fatalf("a no-op edit moved the version from %d to %d", inc.Version, same.Version)
	}
	call("POST", fmt.Sprintf("/api/incidents/%d/edit", id), map[string]any{"version": inc.Version, "fields": map[string]any{"date": "May 2024"}}, 400)
	call("POST", fmt.Sprintf("/api/incidents/%d/edit", id), map[string]any{"version": inc.Version, "fields": map[string]any{"colour": "red"}}, 400)

	// Merge Stake.com into Stake, then undo: both back as they were.
	dst, src := ids["Stake"], ids["Stake.com"]
	if dst == 0 || src == 0 {
		t.Fatalf("fixture: %v", ids)
	}
	d0, s0 := mustIncident(t, st, dst), mustIncident(t, st, src)
	merged := call("POST", "/api/incidents/merge", map[string]any{"into": dst, "into_version": d0.Version, "from": src, "from_version": s0.Version}, 200)
	if len(merged.Sources) != 2 {
		t.Fatalf("merged incident has %d sources, want 2", len(merged.Sources))
	}
	if s := mustIncident(t, st, src); s.Status != heistwatch.StatusMerged || s.MergedInto != dst {
		t.Fatalf("source incident after merge: %s into %d", s.Status, s.MergedInto)
	}
	// A stale merge is refused.
	call("POST", "/api/incidents/merge", map[string]any{"into": dst, "into_version": d0.Version, "from": ids["WazirX"], "from_version": 1}, 409)
	call("POST", fmt.Sprintf("/api/incidents/%d/undo", dst), map[string]any{"version": merged.Version}, 200)
	d1, s1 := mustIncident(t, st, dst), mustIncident(t, st, src)
	if s1.Status != heistwatch.StatusPending || s1.MergedInto != 0 || len(s1.Sources) != 1 || s1.Sources[0].DocumentID != s0.Sources[0].DocumentID {
		t.Fatalf("after undoing the merge, source incident: %s into %d with %d sources", s1.Status, s1.MergedInto, len(s1.Sources))
	}
	if len(d1.Sources) != 1 || d1.Sources[0].DocumentID != d0.Sources[0].DocumentID {
		t.Fatalf("after undoing the merge, kept incident has %d sources", len(d1.Sources))
	}

	// Split a Bybit source out, then undo: three sources again.
	by := mustIncident(t, st, ids["Bybit"])
	if len(by.Sources) != 3 {
		t.Fatalf("Bybit has %d sources, want 3 (fixture clustering)", len(by.Sources))
	}
	part := call("POST", fmt.Sprintf("/api/incidents/%d/split", by.ID), map[string]any{"version": by.Version, "document_id": by.Sources[1].DocumentID}, 200)
	if len(part.Sources) != 1 || len(mustIncident(t, st, by.ID).Sources) != 2 {
		t.Fatalf("split: new incident %d sources", len(part.Sources))
	}
	by = mustIncident(t, st, by.ID)
	call("POST", fmt.Sprintf("/api/incidents/%d/undo", by.ID), map[string]any{"version": by.Version}, 200)
	if n := len(mustIncident(t, st, by.ID).Sources); n != 3 {
		t.Fatalf("after undoing the split: %d sources", n)
	}
	if p := mustIncident(t, st, part.ID); p.Status != heistwatch.StatusMerged {
		t.Fatalf("split-off incident after undo: %s", p.Status)
	}
	log, _ := st.Audit(ctx, by.ID, 0)
	if log[0].Action != actUndo || log[0].Actor != "alice" {
		t.Fatalf("newest audit entry %+v, want alice's undo", log[0])
	}
}

func TestLeaseKeepsOthersOut(t *testing.T) {
	st := openStore(t)
	ids := loadFixture(t, st, "incidents.json")
	srv := startServer(t, st, nil)
	addUser(t, st, "alice", heistwatch.RoleReviewer, "alice-password")
	bobTok := addToken(t, st, addUser(t, st, "bob", heistwatch.RoleReviewer, "bob-password"))
	alice := signIn(t, srv, "alice", "alice-password")
	bob := signIn(t, srv, "bob", "bob-password")

	id := ids["WazirX"]
	path := fmt.Sprintf("/incidents/%d", id)
	if code, _ := alice.get(path); code != 200 {
		t.Fatalf("alice opens: %d", code)
	}
	if inc := mustIncident(t, st, id); inc.LeasedBy != "alice" {
		t.Fatalf("lease holder %q, want alice", inc.LeasedBy)
	}
	_, queue := bob.get("/")
	if strings.Contains(queue, fmt.Sprintf(`href="/incidents/%d?`, id)) {
		t.Errorf("bob's queue offers alice's leased incident")
	}
	_, aliceQueue := alice.get("/")
	if !strings.Contains(aliceQueue, fmt.Sprintf(`href="/incidents/%d?`, id)) {
		t.Errorf("alice's queue lost her own leased incident")
	}
	_, page := bob.get(path)
	if !strings.Contains(page, `id="readonly"`) || strings.Contains(page, `id="f-approve"`) {
		t.Errorf("bob's view of a leased incident is not read-only")
	}
	if code := apiCall(t, srv, bobTok, "POST", "/api"+path+"/approve", map[string]any{"version": mustIncident(t, st, id).Version}, nil); code != 409 {
		t.Fatalf("bob approving alice's leased incident: %d, want 409", code)
	}
	// Skip gives the lease back.
	if code, _ := alice.form(path + "/skip"); code != 303 {
		t.Fatalf("skip: %d", code)
	}
	if inc := mustIncident(t, st, id); inc.LeasedBy != "" {
		t.Fatalf("after skip the lease is still %q", inc.LeasedBy)
	}
}

func TestApproveMovesToNext(t *testing.T) {
	st := openStore(t)
	loadFixture(t, st, "incidents.json")
	srv := startServer(t, st, nil)
	addUser(t, st, "alice", heistwatch.RoleReviewer, "alice-password")
	b := signIn(t, srv, "alice", "alice-password")
	list, _, _ := st.Incidents(context.Background(), heistwatch.IncidentQuery{Status: []heistwatch.Status{heistwatch.StatusPending}})
	first, second := list[0], list[1]
	b.get(fmt.Sprintf("/incidents/%d", first.ID))
	if got := mustIncident(t, st, first.ID); got.LeasedBy != "alice" {
		t.Fatalf("opening did not lease the incident to alice: %q", got.LeasedBy)
	}
	code, loc := b.form(fmt.Sprintf("/incidents/%d/approve?pos=0", first.ID), "version", ver(first))
	if code != 303 || !strings.HasPrefix(loc, fmt.Sprintf("/incidents/%d?", second.ID)) {
		t.Fatalf("approve answered %d → %q, want the next incident %d", code, loc, second.ID)
	}
	if got := mustIncident(t, st, first.ID); got.Status != heistwatch.StatusApproved || got.LeasedBy != "" {
		t.Fatalf("status %s, leased by %q: a decided incident keeps no lease", got.Status, got.LeasedBy)
	}
	// A stale second approve is a conflict page, and the refusal is logged.
	code, body := b.form(fmt.Sprintf("/incidents/%d/approve?pos=0", first.ID), "version", ver(first))
	if code != http.StatusConflict || !strings.Contains(body, "Not saved") {
		t.Fatalf("stale approve: %d", code)
	}
	log, _ := st.Audit(context.Background(), first.ID, 1)
	if log[0].Action != actConflict || log[0].Field != actApprove {
		t.Fatalf("newest audit entry %+v, want the refused approve", log[0])
	}
}

func TestBulk(t *testing.T) {
	st := openStore(t)
	ids := loadFixture(t, st, "incidents.json")
	srv := startServer(t, st, nil)
	addUser(t, st, "alice", heistwatch.RoleReviewer, "alice-password")
	b := signIn(t, srv, "alice", "alice-password")
	pick := func(names ...string) []string {
		var out []string
		for _, n := range names {
			out = append(out, "id", fmt.Sprintf("%d:%d", ids[n], mustIncident(t, st, ids[n]).Version))
		}
		return out
	}
	if code, loc := b.form("/bulk", append(pick("Atomic Wallet", "Stake"), "action", "reject")...); code != 303 || !strings.Contains(loc, "rejected=2") {
		t.Fatalf("bulk reject: %d %s", code, loc)
	}
	for _, n := range []string{"Atomic Wallet", "Stake"} {
		if s := mustIncident(t, st, ids[n]).Status; s != heistwatch.StatusRejected {
			t.Fatalf("%s: %s after bulk reject", n, s)
		}
	}
	sel := pick("WazirX", "DMM Bitcoin")
	code, body := b.form("/bulk", append(sel, "action", "approve")...)
	if code != 200 || !strings.Contains(body, "Yes, approve 2") {
		t.Fatalf("bulk approve without confirmation: %d", code)
	}
	if s := mustIncident(t, st, ids["WazirX"]).Status; s != heistwatch.StatusPending {
		t.Fatalf("approved before confirmation: %s", s)
	}
	if code, loc := b.form("/bulk", append(sel, "action", "approve", "confirmed", "yes")...); code != 303 || !strings.Contains(loc, "approved=2") {
		t.Fatalf("confirmed bulk approve: %d %s", code, loc)
	}
	if s := mustIncident(t, st, ids["WazirX"]).Status; s != heistwatch.StatusApproved {
		t.Fatalf("after confirmation: %s", s)
	}
}

func TestIncidentPageShowsEvidenceAndConflict(t *testing.T) {
	st := openStore(t)
	ids := loadFixture(t, st, "incidents.json")
	srv := startServer(t, st, nil)
	addUser(t, st, "alice", heistwatch.RoleReviewer, "alice-password")
	b := signIn(t, srv, "alice", "alice-password")
	_, body := b.get(fmt.Sprintf("/incidents/%d", ids["Bybit"]))
	for _, want := range []string{
		`Sources disagree`, `$1.5B (2 sources)`, `$1.46B (1 source)`,
		`<mark class="hl-amount">$1.5 billion</mark>`, `<mark class="hl-victim">Bybit</mark>`,
		`<mark class="hl-actor">Lazarus Group</mark>`, `Dubai-based exchange Bybit said on Friday`,
		`href="https://chain.example/bybit-fbi"`, `Chain Daily`, `Sources (3)`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("incident page lacks %q", want)
		}
	}
	// After an edit both values show.
	inc := mustIncident(t, st, ids["Bybit"])
	if code, _ := b.form(fmt.Sprintf("/incidents/%d/edit", inc.ID), "version", ver(inc), "amount_usd", "1.46b"); code != 303 {
		t.Fatalf("edit: %d", code)
	}
	_, body = b.get(fmt.Sprintf("/incidents/%d", inc.ID))
	if !regexp.MustCompile(`data-field="amount_usd"><th>[^<]*</th>\s*<td class="value">1460000000<span class="pretty">\$1.46B</span> <span class="badge">reviewer</span></td>\s*<td class="extracted">1500000000</td>`).MatchString(body) {
		t.Errorf("edited amount row does not show both values")
	}
	_, q := b.get("/aggregates")
	if !strings.Contains(q, "North Korean hackers stole $1.34 billion in 2024") {
		t.Errorf("aggregates page lacks the aggregate")
	}
	_, q = b.get("/")
	if strings.Contains(q, "North Korea stole $1.34 billion") {
		t.Errorf("an aggregate appears in the incident queue")
	}
}

func TestFirstRun(t *testing.T) {
	st := openStore(t)
	var out bytes.Buffer
	created, err := FirstRun(context.Background(), st, &out)
	if err != nil || !created {
		t.Fatalf("first run: %v %v", created, err)
	}
	m := regexp.MustCompile(`password: (\S+)`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no password printed:\n%s", out.String())
	}
	u, err := st.UserByName(context.Background(), "admin")
	if err != nil || u.Role != heistwatch.RoleAdmin {
		t.Fatalf("admin: %+v %v", u, err)
	}
	if bcrypt.CompareHashAndPassword([]byte(u.PasswordHash), []byte(m[1])) != nil {
		t.Fatalf("printed password does not match the stored hash")
	}
	out.Reset()
	if created, err := FirstRun(context.Background(), st, &out); err != nil || created || out.Len() != 0 {
		t.Fatalf("second run created=%v err=%v printed %q", created, err, out.String())
	}
	srv := startServer(t, st, nil)
	b := signIn(t, srv, "admin", m[1])
	if code, _ := b.get("/users"); code != 200 {
		t.Fatalf("admin users page: %d", code)
	}
	code, body := b.form("/users", "name", "carol", "role", "reviewer")
	pw := regexp.MustCompile(`id="new-password">([^<]+)<`).FindStringSubmatch(body)
	if code != 200 || pw == nil {
		t.Fatalf("add user: %d", code)
	}
	signIn(t, srv, "carol", pw[1])
}

func TestParseField(t *testing.T) {
	cases := []struct {
		name, in, want string
		bad            bool
	}{
		{"amount_usd", "620000000", "620000000", false},
		{"amount_usd", "$620,000,000", "620000000", false},
		{"amount_usd", "620m", "620000000", false},
		{"amount_usd", "1.5 billion", "1500000000", false},
		{"amount_usd", "US$41.3M", "41300000", false},
		{"amount_usd", "", "", false},
		{"amount_usd", "lots", "", true},
		{"amount_usd", "-5", "", true},
		{"amount_native", "4,500 btc", "4500 BTC", false},
		{"amount_native", "4500", "", true},
		{"date", "2024-05", "2024-05", false},
		{"date", "2024-13", "", true},
		{"date", "May 2024", "", true},
		{"attribution", "Confirmed", "confirmed", false},
		{"attribution", "probably", "", true},
		{"actor_family", "dprk", "DPRK", false},
		{"actor_family", "North Korea", "", true},
		{"amount_qualifier", "over", "over", false},
		{"amount_qualifier", "<b>", "", true},
		{"victim", "  Bybit ", "Bybit", false},
		{"technique", "Social-Engineering", "social-engineering", false},
		{"technique", "teleportation", "", true},
		{"nonsense", "x", "", true},
	}
	for _, c := range cases {
		var f heistwatch.Fields
		err := ParseField(&f, c.name, c.in)
		if (err != nil) != c.bad {
			t.Errorf("%s=%q: err %v, want bad=%v", c.name, c.in, err, c.bad)
			continue
		}
		if !c.bad && FieldValue(f, c.name) != c.want {
			t.Errorf("%s=%q: got %q, want %q", c.name, c.in, FieldValue(f, c.name), c.want)
		}
	}
}

func TestSafeNext(t *testing.T) {
	for in, want := range map[string]string{
		"/incidents/3?pos=1": "/incidents/3?pos=1", "": "/", "//evil.example": "/",
		"https://evil.example": "/", "/\\evil": "/",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCandidatesPageMerges(t *testing.T) {
	st := openStore(t)
	ids := loadFixture(t, st, "incidents.json")
	srv := startServer(t, st, nil)
	addUser(t, st, "alice", heistwatch.RoleReviewer, "alice-password")
	b := signIn(t, srv, "alice", "alice-password")
	dst, src := ids["Stake"], ids["Stake.com"]
	_, body := b.get(fmt.Sprintf("/incidents/%d/candidates", dst))
	m := regexp.MustCompile(fmt.Sprintf(`name="other" value="%d"><input type="hidden" name="other_version" value="(\d+)">`, src)).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("candidates page does not offer #%d", src)
	}
	if strings.Contains(body, fmt.Sprintf(`name="other" value="%d"`, ids["Bybit"])) {
		t.Errorf("candidates page offers an unrelated victim")
	}
	code, _ := b.form(fmt.Sprintf("/incidents/%d/merge", dst), "version", ver(mustIncident(t, st, dst)), "other", fmt.Sprint(src), "other_version", m[1])
	if code != http.StatusSeeOther {
		t.Fatalf("merge: %d", code)
	}
	if got := mustIncident(t, st, src); got.MergedInto != dst {
		t.Fatalf("merged into %d, want %d", got.MergedInto, dst)
	}
}
