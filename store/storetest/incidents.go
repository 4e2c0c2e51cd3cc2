package storetest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
)

// approve is a change that approves an incident as by.
func approve(by string) func(*heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
	return func(inc *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		before := inc.Status
		inc.Status, inc.ReviewedBy, inc.ReviewedAt, inc.NeedsLook = heistwatch.StatusApproved, by, base, false
		return []heistwatch.AuditEntry{{Action: "approve", Field: "status", Before: string(before), After: "approved"}}, nil
	}
}

func testClusterAttach(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	f1 := addFeed(t, s, "https://a.example/feed")
	f2 := addFeed(t, s, "https://b.example/feed")
	d1 := saveDoc(t, s, f1.ID, "https://a.example/1", "one", claim("dmm", 305_000_000, "DMM lost $305 million"))
	d2 := saveDoc(t, s, f2.ID, "https://b.example/2", "two", claim("dmm", 308_000_000, "DMM lost $308 million"),
		claim("bybit", 1_500_000_000, "Bybit lost $1.5 billion"))
	if n := must(s.ClusterClaims(ctx, cl, base))(t); n != 3 {
		t.Fatalf("placed %d claims, want 3", n)
	}
	if n := must(s.ClusterClaims(ctx, cl, base))(t); n != 0 {
		t.Fatalf("second run placed %d claims, want 0", n)
	}
	if left := must(s.Claims(ctx, heistwatch.ClaimQuery{Unclustered: true}))(t); len(left) != 0 {
		t.Fatalf("unclustered claims left: %+v", left)
	}
	dmm := incidentFor(t, s, d1.ID)
	if dmm.Status != heistwatch.StatusPending || dmm.VictimKey != "dmm" || len(dmm.Sources) != 2 {
		t.Fatalf("dmm incident = %+v", dmm)
	}
	if *dmm.Extracted.AmountUSD != 308_000_000 || dmm.Extracted.Victim != "dmm" || dmm.Confidence != 0.8 {
		t.Fatalf("dmm not summarised from both claims: %+v", dmm.Extracted)
	}
	src := dmm.Sources[0]
	if src.DocumentID != d1.ID || src.URL != d1.URL || src.Title != d1.Title || src.FeedID != f1.ID ||
		!src.Published.Equal(base) || len(src.Evidence) != 1 || src.Evidence[0].Text != "DMM lost $305 million" || len(src.Claims) != 1 {
		t.Fatalf("source = %+v", src)
	}
	if dmm.Sources[1].DocumentID != d2.ID || dmm.Sources[1].Evidence[0].Text != "DMM lost $308 million" {
		t.Fatalf("second source = %+v", dmm.Sources[1])
	}
	bybit := must(s.Claims(ctx, heistwatch.ClaimQuery{DocumentID: d2.ID}))(t)
	if bybit[0].IncidentID != dmm.ID || bybit[1].IncidentID == dmm.ID {
		t.Fatalf("claims of d2 in incidents %d and %d", bybit[0].IncidentID, bybit[1].IncidentID)
	}
	log := must(s.Audit(ctx, dmm.ID, 0))(t)
	if len(log) != 2 || log[0].Action != "attach" || log[1].Action != "create" || log[0].Actor != "system" {
		t.Fatalf("audit of dmm = %+v", log)
	}
	if st := must(s.Stats(ctx))(t); st.Incidents[heistwatch.StatusPending] != 2 {
		t.Fatalf("incident stats = %v", st.Incidents)
	}
	// Claims without a victim are offered no candidates: each stands alone.
	d3 := saveDoc(t, s, f1.ID, "https://a.example/3", "three", claim("", 1, "x"), claim("", 2, "y"))
	must(s.ClusterClaims(ctx, cl, base))(t)
	cs := must(s.Claims(ctx, heistwatch.ClaimQuery{DocumentID: d3.ID}))(t)
	if cs[0].IncidentID == 0 || cs[0].IncidentID == cs[1].IncidentID {
		t.Fatalf("victimless claims in incidents %d and %d, want two new ones", cs[0].IncidentID, cs[1].IncidentID)
	}
}

func testClusterNeedsLook(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	tests := []struct {
		name   string
		status heistwatch.Status
		look   bool
	}{
		{"approved", heistwatch.StatusApproved, true},
		{"rejected", heistwatch.StatusRejected, true},
		{"pending", heistwatch.StatusPending, false},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			key := fmt.Sprintf("victim-%d", i)
			d := saveDoc(t, s, 0, "https://n.example/first-"+key, "x", claim(key, 100, "first"))
			must(s.ClusterClaims(ctx, cl, base))(t)
			inc := incidentFor(t, s, d.ID)
			if tc.status != heistwatch.StatusPending {
				inc = must(s.UpdateIncident(ctx, inc.ID, inc.Version, "ana", func(i *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
					i.Status = tc.status
					return []heistwatch.AuditEntry{{Action: string(tc.status)}}, nil
				}))(t)
			}
			saveDoc(t, s, 0, "https://n.example/second-"+key, "y", claim(key, 200, "second"))
			must(s.ClusterClaims(ctx, cl, base.Add(time.Hour)))(t)
			after := must(s.Incident(ctx, inc.ID))(t)
			if after.NeedsLook != tc.look || after.Status != tc.status || len(after.Sources) != 2 {
				t.Fatalf("after a new claim: needs_look=%v status=%s sources=%d, want %v %s 2",
					after.NeedsLook, after.Status, len(after.Sources), tc.look, tc.status)
			}
			if after.Version != inc.Version+1 || !after.UpdatedAt.Equal(base.Add(time.Hour)) {
				t.Fatalf("attach did not bump version/updated_at: %d %v", after.Version, after.UpdatedAt)
			}
			if n, _ := countIncidents(t, s, heistwatch.IncidentQuery{Victim: key}); n != 1 {
				t.Fatalf("%d incidents for %s, want 1 (no duplicate opened)", n, key)
			}
		})
	}
}

// testNeedsLookQuery lists reviewed incidents that got a new article, and
// checks a decision (which clears the flag) or a merge takes them off it.
func testNeedsLookQuery(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	decide := func(inc heistwatch.Incident, to heistwatch.Status) heistwatch.Incident {
		t.Helper()
		return must(s.UpdateIncident(ctx, inc.ID, inc.Version, "ana", func(i *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
			i.Status, i.NeedsLook = to, false
			return []heistwatch.AuditEntry{{Action: string(to)}}, nil
		}))(t)
	}
	approved := decide(newIncident(t, s, "approved-one", 1), heistwatch.StatusApproved)
	rejected := decide(newIncident(t, s, "rejected-one", 2), heistwatch.StatusRejected)
	pending := newIncident(t, s, "pending-one", 3)
	quiet := decide(newIncident(t, s, "quiet-one", 4), heistwatch.StatusApproved)
	other := decide(newIncident(t, s, "other-one", 5), heistwatch.StatusApproved)
	for i, victim := range []string{"approved-one", "rejected-one", "pending-one", "other-one"} {
		saveDoc(t, s, 0, fmt.Sprintf("https://n.example/later/%d", i), "later", claim(victim, 10, "later"))
	}
	must(s.ClusterClaims(ctx, cl, base.Add(time.Hour)))(t)
	ids := func(q heistwatch.IncidentQuery) string {
		t.Helper()
		total, list := countIncidents(t, s, q)
		if total != len(list) && q.Limit == 0 {
			t.Fatalf("total %d for %d listed", total, len(list))
		}
		return fmtIDs(list)
	}
	look := heistwatch.IncidentQuery{NeedsLook: true, Order: "id"}
	if got, want := ids(look), fmtIDs([]heistwatch.Incident{approved, rejected, other}); got != want {
		t.Fatalf("needs look = %s, want %s (not the pending %d nor the untouched %d)", got, want, pending.ID, quiet.ID)
	}
	// It combines with the other filters.
	if got, want := ids(heistwatch.IncidentQuery{NeedsLook: true, Status: []heistwatch.Status{heistwatch.StatusRejected}}), fmtIDs([]heistwatch.Incident{rejected}); got != want {
		t.Fatalf("needs look and rejected = %s, want %s", got, want)
	}
	if total, list := countIncidents(t, s, heistwatch.IncidentQuery{NeedsLook: true, Limit: 1}); total != 3 || len(list) != 1 {
		t.Fatalf("needs look limit 1: total %d, %d listed; want 3, 1", total, len(list))
	}
	// Confirming the decision clears the flag; so does merging it away.
	decide(must(s.Incident(ctx, approved.ID))(t), heistwatch.StatusApproved)
	o := must(s.Incident(ctx, other.ID))(t)
	q := must(s.Incident(ctx, quiet.ID))(t)
	must(s.Merge(ctx, quiet.ID, q.Version, other.ID, o.Version, "ana", cl))(t)
	if got, want := ids(look), fmtIDs([]heistwatch.Incident{rejected}); got != want {
		t.Fatalf("after approve and merge, needs look = %s, want %s", got, want)
	}
}

func countIncidents(t *testing.T, s heistwatch.Store, q heistwatch.IncidentQuery) (int, []heistwatch.Incident) {
	t.Helper()
	list, total, err := s.Incidents(ctxT(t), q)
	ok(t, err)
	return total, list
}

func newIncident(t *testing.T, s heistwatch.Store, victim string, amount int64) heistwatch.Incident {
	t.Helper()
	d := saveDoc(t, s, 0, "https://n.example/"+victim+fmt.Sprint(amount), "text about "+victim,
		claim(victim, amount, victim+" lost money"))
	must(s.ClusterClaims(ctxT(t), cl, base))(t)
	return incidentFor(t, s, d.ID)
}

func testUpdateIncident(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	inc := newIncident(t, s, "acme", 1000)
	edited := must(s.UpdateIncident(ctx, inc.ID, inc.Version, "ana", func(i *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		i.Edits.AmountUSD = usd(1200)
		i.Edits.Set = append(i.Edits.Set, "amount_usd")
		i.ID, i.Version = 42, 99 // the store keeps identity and version itself
		return []heistwatch.AuditEntry{{Action: "edit", Field: "amount_usd", Before: "1000", After: "1200"}}, nil
	}))(t)
	if edited.ID != inc.ID || edited.Version != inc.Version+1 || *edited.Effective().AmountUSD != 1200 || *edited.Extracted.AmountUSD != 1000 {
		t.Fatalf("edited = %+v", edited)
	}
	got := must(s.Incident(ctx, inc.ID))(t)
	if got.Version != edited.Version || *got.Edits.AmountUSD != 1200 || len(got.Edits.Set) != 1 || *got.Extracted.AmountUSD != 1000 {
		t.Fatalf("edit not stored apart from extracted: %+v", got)
	}
	// A stale base is refused, changes nothing and is a conflict.
	_, err := s.UpdateIncident(ctx, inc.ID, inc.Version, "bob", approve("bob"))
	wantErr(t, err, heistwatch.ErrConflict)
	if heistwatch.ErrorCode(err) != heistwatch.CodeConflict {
		t.Fatalf("code = %s", heistwatch.ErrorCode(err))
	}
	if now := must(s.Incident(ctx, inc.ID))(t); now.Status != heistwatch.StatusPending || now.Version != edited.Version {
		t.Fatalf("stale write applied: %+v", now)
	}
	// An error from change rolls everything back.
	boom := errors.New("boom")
	_, err = s.UpdateIncident(ctx, inc.ID, edited.Version, "ana", func(i *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		i.Status = heistwatch.StatusRejected
		return nil, boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("change error not returned: %v", err)
	}
	approved := must(s.UpdateIncident(ctx, inc.ID, edited.Version, "ana", approve("ana")))(t)
	if approved.Status != heistwatch.StatusApproved || approved.ReviewedBy != "ana" || !approved.ReviewedAt.Equal(base) {
		t.Fatalf("approved = %+v", approved)
	}
	_, err = s.UpdateIncident(ctx, 9999, 1, "ana", approve("ana"))
	wantErr(t, err, heistwatch.ErrNotFound)
	log := must(s.Audit(ctx, inc.ID, 2))(t)
	if len(log) != 2 || log[0].Action != "approve" || log[0].Actor != "ana" || log[0].IncidentID != inc.ID ||
		log[1].Action != "edit" || log[1].Before != "1000" || log[1].After != "1200" || log[1].At.IsZero() {
		t.Fatalf("audit = %+v", log)
	}
}

func testUpdateConflictConcurrent(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	inc := newIncident(t, s, "race", 1000)
	const writers = 4
	var wg sync.WaitGroup
	errs := make([]error, writers)
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[w] = s.UpdateIncident(ctx, inc.ID, inc.Version, fmt.Sprintf("r%d", w), func(i *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
				i.Edits.Victim = fmt.Sprintf("name %d", w)
				i.Edits.Set = []string{"victim"}
				return []heistwatch.AuditEntry{{Action: "edit", Field: "victim", After: i.Edits.Victim}}, nil
			})
		}()
	}
	wg.Wait()
	wins, winner := 0, -1
	for w, err := range errs {
		switch {
		case err == nil:
			wins++
			winner = w
		case !errors.Is(err, heistwatch.ErrConflict):
			t.Fatalf("writer %d: %v, want a conflict", w, err)
		}
	}
	if wins != 1 {
		t.Fatalf("%d writers won from one base version, want exactly 1", wins)
	}
	got := must(s.Incident(ctx, inc.ID))(t)
	if got.Version != inc.Version+1 || got.Edits.Victim != fmt.Sprintf("name %d", winner) {
		t.Fatalf("stored %q at version %d, want the winner's (writer %d)", got.Edits.Victim, got.Version, winner)
	}
	if log := must(s.Audit(ctx, inc.ID, 0))(t); log[0].Actor != fmt.Sprintf("r%d", winner) || log[0].Action != "edit" {
		t.Fatalf("audit top = %+v", log[0])
	}
}

func testIncidentLease(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	inc := newIncident(t, s, "leased", 1000)
	now := time.Now()
	ok(t, s.Lease(ctx, inc.ID, "ana", now.Add(5*time.Minute)))
	ok(t, s.Lease(ctx, inc.ID, "ana", now.Add(6*time.Minute))) // renew
	err := s.Lease(ctx, inc.ID, "bob", now.Add(5*time.Minute))
	wantErr(t, err, heistwatch.ErrConflict)
	_, err = s.UpdateIncident(ctx, inc.ID, inc.Version, "bob", approve("bob"))
	wantErr(t, err, heistwatch.ErrConflict)
	// The queue hides it from bob, not from ana.
	if n, _ := countIncidents(t, s, heistwatch.IncidentQuery{NotLeasedFor: "bob", Now: now}); n != 0 {
		t.Fatalf("bob's queue shows %d leased incidents", n)
	}
	if n, _ := countIncidents(t, s, heistwatch.IncidentQuery{NotLeasedFor: "ana", Now: now}); n != 1 {
		t.Fatalf("ana's queue shows %d, want 1", n)
	}
	got := must(s.Incident(ctx, inc.ID))(t)
	if got.LeasedBy != "ana" || got.LeaseUntil.Before(now.Add(5*time.Minute)) || got.Version != inc.Version {
		t.Fatalf("lease = %q until %v version %d (a lease is not an edit)", got.LeasedBy, got.LeaseUntil, got.Version)
	}
	// ana may write under her own lease; then gives it back.
	upd := must(s.UpdateIncident(ctx, inc.ID, inc.Version, "ana", approve("ana")))(t)
	ok(t, s.Lease(ctx, inc.ID, "ana", time.Time{}))
	ok(t, s.Lease(ctx, inc.ID, "bob", now.Add(time.Minute)))
	// An expired lease is no obstacle.
	ok(t, s.Lease(ctx, inc.ID, "bob", now.Add(-time.Second)))
	ok(t, s.Lease(ctx, inc.ID, "carol", now.Add(time.Minute)))
	wantErr(t, s.Lease(ctx, 9999, "ana", now.Add(time.Minute)), heistwatch.ErrNotFound)
	_ = upd
}

func testMergeSplit(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	a := newIncident(t, s, "harbor", 100)
	b := newIncident(t, s, "harbour", 250) // an alias the clusterer missed
	merged := must(s.Merge(ctx, a.ID, a.Version, b.ID, b.Version, "ana", cl))(t)
	if merged.ID != a.ID || len(merged.Sources) != 2 || *merged.Extracted.AmountUSD != 250 || merged.Version != a.Version+1 {
		t.Fatalf("merged = %+v", merged)
	}
	gone := must(s.Incident(ctx, b.ID))(t)
	if gone.Status != heistwatch.StatusMerged || gone.MergedInto != a.ID || len(gone.Sources) != 0 || gone.Version != b.Version+1 {
		t.Fatalf("merged-away incident = %+v", gone)
	}
	// Stale versions and repeats are refused.
	_, err := s.Merge(ctx, a.ID, a.Version, b.ID, gone.Version, "ana", cl)
	wantErr(t, err, heistwatch.ErrConflict)
	_, err = s.Merge(ctx, a.ID, merged.Version, b.ID, gone.Version, "ana", cl)
	wantErr(t, err, heistwatch.ErrConflict)
	if _, err := s.Merge(ctx, a.ID, merged.Version, a.ID, merged.Version, "ana", cl); heistwatch.ErrorCode(err) != heistwatch.CodeInvalid {
		t.Fatalf("merge into itself: %v", err)
	}
	// New claims about the merged-away victim key go to live incidents only.
	saveDoc(t, s, 0, "https://n.example/harbour-later", "z", claim("harbour", 260, "later"))
	must(s.ClusterClaims(ctx, cl, base))(t)
	if after := must(s.Incident(ctx, b.ID))(t); after.Status != heistwatch.StatusMerged || len(after.Sources) != 0 {
		t.Fatalf("a claim attached to a merged incident: %+v", after)
	}
	// Split the second document back out.
	docB := merged.Sources[1].DocumentID
	split := must(s.Split(ctx, a.ID, merged.Version, docB, "ana", cl))(t)
	if split.ID == a.ID || split.ID == b.ID || split.Status != heistwatch.StatusPending || len(split.Sources) != 1 ||
		split.Sources[0].DocumentID != docB || *split.Extracted.AmountUSD != 250 {
		t.Fatalf("split = %+v", split)
	}
	left := must(s.Incident(ctx, a.ID))(t)
	if len(left.Sources) != 1 || *left.Extracted.AmountUSD != 100 || left.Version != merged.Version+1 {
		t.Fatalf("after split = %+v", left)
	}
	tests := []struct {
		name string
		doc  int64
		base int64
		code heistwatch.Code
	}{
		{"stale", left.Sources[0].DocumentID, merged.Version, heistwatch.CodeConflict},
		{"document not a source", docB, left.Version, heistwatch.CodeInvalid},
		{"only source", left.Sources[0].DocumentID, left.Version, heistwatch.CodeInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Split(ctx, a.ID, tc.base, tc.doc, "ana", cl)
			if heistwatch.ErrorCode(err) != tc.code {
				t.Fatalf("split: %v, want %s", err, tc.code)
			}
		})
	}
	log := must(s.Audit(ctx, a.ID, 0))(t)
	if len(log) < 2 || log[0].Action != "split" || log[1].Action != "merge" || log[0].Actor != "ana" {
		t.Fatalf("audit of a = %+v", log)
	}
}

func testIncidentQuery(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	f1 := addFeed(t, s, "https://a.example/feed")
	f2 := addFeed(t, s, "https://b.example/feed")
	type spec struct {
		victim, actorFamily, evidence string
		amount                        *int64
		conf                          float64
		feed                          int64
		at                            time.Time
	}
	specs := []spec{
		{"Alpha Exchange", "DPRK", "drained by the Lazarus Group", usd(500), 0.9, f1.ID, base},
		{"Beta Bridge", "", "a bridge exploit", usd(9000), 0.5, f2.ID, base.Add(time.Hour)},
		{"Gamma_Wallet", "dprk", "100% of funds", nil, 0.7, f1.ID, base.Add(2 * time.Hour)},
		{"Delta DEX", "", "flash loan", usd(70), 0.95, f2.ID, base.Add(3 * time.Hour)},
	}
	ids := map[string]int64{}
	for i, sp := range specs {
		c := claim(sp.victim, 0, sp.evidence)
		c.AmountUSD, c.Confidence, c.ActorFamily = sp.amount, sp.conf, sp.actorFamily
		d := saveDoc(t, s, sp.feed, fmt.Sprintf("https://n.example/q%d", i), "x", c)
		must(s.ClusterClaims(ctx, cl, sp.at))(t)
		ids[sp.victim] = incidentFor(t, s, d.ID).ID
	}
	rej := must(s.Incident(ctx, ids["Delta DEX"]))(t)
	must(s.UpdateIncident(ctx, rej.ID, rej.Version, "ana", func(i *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		i.Status = heistwatch.StatusRejected
		return nil, nil
	}))(t)
	// An edit changes what filters and sorts see.
	beta := must(s.Incident(ctx, ids["Beta Bridge"]))(t)
	must(s.UpdateIncident(ctx, beta.ID, beta.Version, "ana", func(i *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		i.Edits.AmountUSD, i.Edits.ActorFamily = usd(10), "DPRK"
		i.Edits.Set = []string{"amount_usd", "actor_family"}
		return nil, nil
	}))(t)
	tests := []struct {
		name  string
		q     heistwatch.IncidentQuery
		want  []string
		total int
	}{
		{"all newest first", heistwatch.IncidentQuery{}, []string{"Delta DEX", "Gamma_Wallet", "Beta Bridge", "Alpha Exchange"}, 4},
		{"pending", heistwatch.IncidentQuery{Status: []heistwatch.Status{heistwatch.StatusPending}}, []string{"Gamma_Wallet", "Beta Bridge", "Alpha Exchange"}, 3},
		{"oldest", heistwatch.IncidentQuery{Order: "oldest", Status: []heistwatch.Status{heistwatch.StatusPending}}, []string{"Alpha Exchange", "Beta Bridge", "Gamma_Wallet"}, 3},
		{"by effective amount, unknown last", heistwatch.IncidentQuery{Order: "amount"}, []string{"Alpha Exchange", "Delta DEX", "Beta Bridge", "Gamma_Wallet"}, 4},
		{"id", heistwatch.IncidentQuery{Order: "id", Limit: 2}, []string{"Alpha Exchange", "Beta Bridge"}, 4},
		{"page", heistwatch.IncidentQuery{Order: "id", Limit: 2, Offset: 2}, []string{"Gamma_Wallet", "Delta DEX"}, 4},
		{"offset only", heistwatch.IncidentQuery{Order: "id", Offset: 3}, []string{"Delta DEX"}, 4},
		{"actor family any case, edits count", heistwatch.IncidentQuery{ActorFamily: "Dprk", Order: "id"}, []string{"Alpha Exchange", "Beta Bridge", "Gamma_Wallet"}, 3},
		{"victim substring", heistwatch.IncidentQuery{Victim: "BRID"}, []string{"Beta Bridge"}, 1},
		{"victim underscore is literal", heistwatch.IncidentQuery{Victim: "a_w"}, []string{"Gamma_Wallet"}, 1},
		{"search evidence", heistwatch.IncidentQuery{Search: "DRAINED by"}, []string{"Alpha Exchange"}, 1},
		{"search percent is literal", heistwatch.IncidentQuery{Search: "100%"}, []string{"Gamma_Wallet"}, 1},
		{"search victim", heistwatch.IncidentQuery{Search: "delta"}, []string{"Delta DEX"}, 1},
		{"search nothing", heistwatch.IncidentQuery{Search: "zzz"}, []string{}, 0},
		{"search actor", heistwatch.IncidentQuery{Search: "lazarus", Status: []heistwatch.Status{heistwatch.StatusRejected}}, []string{"Delta DEX"}, 1},
		{"feed", heistwatch.IncidentQuery{FeedID: f2.ID, Order: "id"}, []string{"Beta Bridge", "Delta DEX"}, 2},
		{"confidence", heistwatch.IncidentQuery{MinConf: 0.9, Order: "id"}, []string{"Alpha Exchange", "Delta DEX"}, 2},
		{"created range", heistwatch.IncidentQuery{From: base.Add(time.Hour), To: base.Add(3 * time.Hour), Order: "id"}, []string{"Beta Bridge", "Gamma_Wallet"}, 2},
		{"status list", heistwatch.IncidentQuery{Status: []heistwatch.Status{heistwatch.StatusRejected, heistwatch.StatusApproved}}, []string{"Delta DEX"}, 1},
	}
	names := map[int64]string{}
	for n, id := range ids {
		names[id] = n
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			total, list := countIncidents(t, s, tc.q)
			got := []string{}
			for _, inc := range list {
				got = append(got, names[inc.ID])
				if inc.Sources != nil {
					t.Fatalf("Incidents filled Sources")
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) || total != tc.total {
				t.Fatalf("got %v (total %d), want %v (total %d)", got, total, tc.want, tc.total)
			}
		})
	}
	if _, _, err := s.Incidents(ctx, heistwatch.IncidentQuery{Order: "random"}); heistwatch.ErrorCode(err) != heistwatch.CodeInvalid {
		t.Fatalf("unknown order: %v", err)
	}
}

// testSourceCount checks every way of reading incidents counts their
// distinct source documents: two claims of one article are one source.
func testSourceCount(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	saveDoc(t, s, 0, "https://n.example/acme-1", "one", claim("acme", 10, "Acme lost $10"), claim("acme", 12, "or $12"))
	saveDoc(t, s, 0, "https://n.example/acme-2", "two", claim("acme", 11, "Acme lost $11"))
	saveDoc(t, s, 0, "https://n.example/other", "three", claim("other", 5, "Other lost $5"))
	must(s.ClusterClaims(ctx, cl, base))(t)
	counts := func(q heistwatch.IncidentQuery) map[string]int {
		t.Helper()
		_, list := countIncidents(t, s, q)
		got := map[string]int{}
		for _, inc := range list {
			got[inc.VictimKey+"/"+string(inc.Status)] = inc.SourceCount
		}
		return got
	}
	if got := counts(heistwatch.IncidentQuery{}); fmt.Sprint(got) != "map[acme/pending:2 other/pending:1]" {
		t.Fatalf("Incidents source counts = %v, want acme 2 (two articles), other 1", got)
	}
	// One per page, the count is still the incident's own.
	if got := counts(heistwatch.IncidentQuery{Order: "amount", Limit: 1, Offset: 1}); fmt.Sprint(got) != "map[other/pending:1]" {
		t.Fatalf("second page = %v", got)
	}
	_, list := countIncidents(t, s, heistwatch.IncidentQuery{Order: "id"})
	acme, other := list[0], list[1]
	if got := must(s.Incident(ctx, acme.ID))(t); got.SourceCount != 2 || len(got.Sources) != 2 {
		t.Fatalf("Incident: source count %d with %d sources, want 2", got.SourceCount, len(got.Sources))
	}
	merged := must(s.Merge(ctx, acme.ID, acme.Version, other.ID, other.Version, "ana", cl))(t)
	if merged.SourceCount != 3 {
		t.Fatalf("Merge returned source count %d, want 3", merged.SourceCount)
	}
	if got := counts(heistwatch.IncidentQuery{}); fmt.Sprint(got) != "map[acme/pending:3 other/merged:0]" {
		t.Fatalf("after merge, source counts = %v, want acme 3, the merged one 0", got)
	}
	streamed := map[int64]int{}
	ok(t, s.EachIncident(ctx, heistwatch.IncidentQuery{}, func(inc heistwatch.Incident) error {
		streamed[inc.ID] = inc.SourceCount
		return nil
	}))
	if streamed[acme.ID] != 3 || streamed[other.ID] != 0 {
		t.Fatalf("EachIncident source counts = %v", streamed)
	}
}

func testEachIncident(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	var want []int64
	for i := range 5 {
		want = append(want, newIncident(t, s, fmt.Sprintf("v%d", i), int64(i+1)).ID)
	}
	edited := must(s.Incident(ctx, want[3]))(t)
	time.Sleep(2 * time.Millisecond) // UpdatedAt comes from the store's clock
	since := time.Now()
	time.Sleep(2 * time.Millisecond)
	must(s.UpdateIncident(ctx, edited.ID, edited.Version, "ana", approve("ana")))(t)
	var got []int64
	ok(t, s.EachIncident(ctx, heistwatch.IncidentQuery{}, func(inc heistwatch.Incident) error {
		got = append(got, inc.ID)
		if len(inc.Sources) != 1 || len(inc.Sources[0].Evidence) != 1 {
			t.Errorf("incident %d streamed without its sources: %+v", inc.ID, inc.Sources)
		}
		// The callback may read the store while the stream is open.
		if _, err := s.Incident(ctx, inc.ID); err != nil {
			return err
		}
		return nil
	}))
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("streamed %v, want %v in id order", got, want)
	}
	var changed []int64
	ok(t, s.EachIncident(ctx, heistwatch.IncidentQuery{ChangedSince: since}, func(inc heistwatch.Incident) error {
		changed = append(changed, inc.ID)
		return nil
	}))
	if len(changed) != 1 || changed[0] != edited.ID {
		t.Fatalf("changed since = %v, want [%d]", changed, edited.ID)
	}
	approved := 0
	ok(t, s.EachIncident(ctx, heistwatch.IncidentQuery{Status: []heistwatch.Status{heistwatch.StatusApproved}}, func(inc heistwatch.Incident) error {
		approved++
		return nil
	}))
	if approved != 1 {
		t.Fatalf("streamed %d approved, want 1", approved)
	}
	stop := errors.New("stop")
	n := 0
	err := s.EachIncident(ctx, heistwatch.IncidentQuery{}, func(heistwatch.Incident) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Fatalf("fn error: %v after %d calls", err, n)
	}
}

// testEachIncidentBatches streams more incidents than one read batch holds,
// with pages and filters that cross batch boundaries: every incident comes
// once, in id order, with its own sources and nobody else's.
func testEachIncidentBatches(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	const n = 450
	victim := func(i int) string {
		if i%2 == 0 {
			return fmt.Sprintf("even-%03d", i)
		}
		return fmt.Sprintf("odd-%03d", i)
	}
	// Three articles of 150 claims each; a fourth repeats the first 30
	// victims, so some incidents have two sources.
	for d := range 3 {
		var cs []heistwatch.Claim
		for i := d * 150; i < (d+1)*150; i++ {
			cs = append(cs, claim(victim(i), int64(i), victim(i)+" lost money"))
		}
		saveDoc(t, s, 0, fmt.Sprintf("https://n.example/batch/%d", d), "batch", cs...)
	}
	var again []heistwatch.Claim
	twice := map[string]bool{}
	for i := range 30 {
		again = append(again, claim(victim(i), int64(i), victim(i)+" again"))
		twice[victim(i)] = true
	}
	saveDoc(t, s, 0, "https://n.example/batch/again", "again", again...)
	must(s.ClusterClaims(ctx, cl, base))(t)

	stream := func(q heistwatch.IncidentQuery) []heistwatch.Incident {
		t.Helper()
		var got []heistwatch.Incident
		ok(t, s.EachIncident(ctx, q, func(inc heistwatch.Incident) error {
			got = append(got, inc)
			return nil
		}))
		return got
	}
	all := stream(heistwatch.IncidentQuery{})
	if len(all) != n {
		t.Fatalf("streamed %d incidents, want %d", len(all), n)
	}
	for i, inc := range all {
		if i > 0 && inc.ID <= all[i-1].ID {
			t.Fatalf("incident %d streamed after %d: not in id order", inc.ID, all[i-1].ID)
		}
		wantSources := 1
		if twice[inc.VictimKey] {
			wantSources = 2
		}
		if len(inc.Sources) != wantSources || inc.SourceCount != wantSources {
			t.Fatalf("%s: %d sources (count %d), want %d", inc.VictimKey, len(inc.Sources), inc.SourceCount, wantSources)
		}
		for _, src := range inc.Sources {
			for _, c := range src.Claims {
				if c.IncidentID != inc.ID || c.VictimKey != inc.VictimKey {
					t.Fatalf("incident %d (%s) streamed with claim %d of incident %d (%s)", inc.ID, inc.VictimKey, c.ID, c.IncidentID, c.VictimKey)
				}
			}
		}
	}
	var even []heistwatch.Incident
	for _, inc := range all {
		if strings.HasPrefix(inc.VictimKey, "even") {
			even = append(even, inc)
		}
	}
	tests := []struct {
		name string
		q    heistwatch.IncidentQuery
		want []heistwatch.Incident
	}{
		{"page across batches", heistwatch.IncidentQuery{Limit: 250, Offset: 190}, all[190:440]},
		{"offset only", heistwatch.IncidentQuery{Offset: 440}, all[440:]},
		{"limit of one batch exactly", heistwatch.IncidentQuery{Limit: 200}, all[:200]},
		{"offset past the end", heistwatch.IncidentQuery{Offset: n}, nil},
		{"filter across batches", heistwatch.IncidentQuery{Victim: "even", Offset: 10, Limit: 205}, even[10:215]},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := stream(tc.q); fmtIDs(got) != fmtIDs(tc.want) {
				t.Fatalf("streamed %d incidents %.60s…, want %d %.60s…", len(got), fmtIDs(got), len(tc.want), fmtIDs(tc.want))
			}
		})
	}
	// The callback's error stops the stream at once, mid-batch or not.
	stop := errors.New("stop")
	calls := 0
	err := s.EachIncident(ctx, heistwatch.IncidentQuery{}, func(heistwatch.Incident) error {
		if calls++; calls == 201 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || calls != 201 {
		t.Fatalf("stop after 201: %v after %d calls", err, calls)
	}
}

func testAudit(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	a := newIncident(t, s, "audited", 1)
	b := newIncident(t, s, "other", 2)
	ok(t, s.AddAudit(ctx,
		heistwatch.AuditEntry{IncidentID: a.ID, Actor: "bob", Action: "conflict", Field: "status", Before: "pending", After: "approved"},
		heistwatch.AuditEntry{IncidentID: b.ID, Actor: "cli:root", Action: "undo", At: base}))
	la := must(s.Audit(ctx, a.ID, 0))(t)
	if len(la) != 2 || la[0].Action != "conflict" || la[0].Actor != "bob" || la[0].Before != "pending" || la[0].At.IsZero() || la[1].Action != "create" {
		t.Fatalf("audit a = %+v", la)
	}
	all := must(s.Audit(ctx, 0, 0))(t)
	if len(all) != 4 || all[0].IncidentID != b.ID || !all[0].At.Equal(base) {
		t.Fatalf("audit all = %+v", all)
	}
	if one := must(s.Audit(ctx, 0, 1))(t); len(one) != 1 || one[0].ID != all[0].ID {
		t.Fatalf("audit limit 1 = %+v", one)
	}
	if err := s.AddAudit(ctx, heistwatch.AuditEntry{Actor: "x", Action: "y"}); heistwatch.ErrorCode(err) != heistwatch.CodeInvalid {
		t.Fatalf("entry without incident: %v", err)
	}
}

// testClusterWhileReviewing attaches claims to an incident while a reviewer
// edits it: every edit that succeeded must survive, none overwritten by the
// clusterer's writes.
func testClusterWhileReviewing(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	inc := newIncident(t, s, "busy", 1)
	const attaches, edits = 15, 15
	var wg sync.WaitGroup
	wg.Add(2)
	errs := make(chan error, 2)
	go func() {
		defer wg.Done()
		for i := range attaches {
			if _, _, err := s.SaveDocument(ctx, 0, heistwatch.Document{URL: fmt.Sprintf("https://n.example/busy/%d", i), Text: "t"},
				[]heistwatch.Claim{claim("busy", int64(i), "more")}); err != nil {
				errs <- err
				return
			}
			if _, err := s.ClusterClaims(ctx, cl, base); err != nil {
				errs <- err
				return
			}
		}
	}()
	go func() {
		defer wg.Done()
		for k := 1; k <= edits; {
			cur, err := s.Incident(ctx, inc.ID)
			if err != nil {
				errs <- err
				return
			}
			_, err = s.UpdateIncident(ctx, inc.ID, cur.Version, "ana", func(i *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
				i.Edits.Actor = fmt.Sprintf("edit-%d", k)
				i.Edits.Set = []string{"actor"}
				return []heistwatch.AuditEntry{{Action: "edit", Field: "actor", After: i.Edits.Actor}}, nil
			})
			switch {
			case err == nil:
				k++
			case !errors.Is(err, heistwatch.ErrConflict):
				errs <- err
				return
			}
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	got := must(s.Incident(ctx, inc.ID))(t)
	if want := fmt.Sprintf("edit-%d", edits); got.Edits.Actor != want {
		t.Fatalf("reviewer's last edit lost: actor %q, want %q", got.Edits.Actor, want)
	}
	if len(got.Sources) != attaches+1 {
		t.Fatalf("%d sources, want %d", len(got.Sources), attaches+1)
	}
	if got.Version != inc.Version+attaches+edits {
		t.Fatalf("version %d, want %d (one per attach and per edit)", got.Version, inc.Version+attaches+edits)
	}
}
