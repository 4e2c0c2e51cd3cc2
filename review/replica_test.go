package review

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store/postgres"
)

// Several `heistwatch serve` replicas behind one load balancer share one
// PostgreSQL database and nothing else: these tests run two review servers,
// each with a store connection pool of its own, and check that leases,
// sessions and version checks hold across them.

// replicas returns two review servers on one fresh PostgreSQL schema, with
// the fixture incidents loaded, and the store of each. It skips when no test
// database is configured.
func replicas(t *testing.T) (a, b *httptest.Server, stA, stB heistwatch.Store, ids map[string]int64) {
	t.Helper()
	dsn := os.Getenv("HEISTWATCH_TEST_POSTGRES")
	if dsn == "" {
		t.Skip("replica tests skipped: set HEISTWATCH_TEST_POSTGRES to a PostgreSQL DSN such as postgres://postgres@127.0.0.1:5432/test")
	}
	schema := "hw_replica_" + strings.ToLower(strings.NewReplacer("-", "x", "_", "y").Replace(randomString(6)))
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ExecContext(t.Context(), `CREATE SCHEMA `+schema); err != nil {
		admin.Close()
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		defer admin.Close()
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatalf("HEISTWATCH_TEST_POSTGRES: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	open := func() heistwatch.Store {
		st, err := postgres.Open(t.Context(), u.String())
		if err != nil {
			t.Fatalf("open postgres store: %v", err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	stA, stB = open(), open()
	ids = loadFixture(t, stA, "incidents.json")
	return startServer(t, stA, nil), startServer(t, stB, nil), stA, stB, ids
}

// on points a signed-in browser at another replica, as a load balancer
// without sticky sessions would.
func (b *browser) on(srv *httptest.Server) *browser {
	c := *b
	c.base = srv.URL
	return &c
}

func TestReplicasShareLeasesAndSessions(t *testing.T) {
	a, b, stA, stB, ids := replicas(t)
	addUser(t, stA, "alice", heistwatch.RoleReviewer, "alice-password")
	bobTok := addToken(t, stB, addUser(t, stB, "bob", heistwatch.RoleReviewer, "bob-password"))
	alice := signIn(t, a, "alice", "alice-password")
	bob := signIn(t, b, "bob", "bob-password")

	id := ids["WazirX"]
	path := fmt.Sprintf("/incidents/%d", id)
	if code, _ := alice.get(path); code != http.StatusOK {
		t.Fatalf("alice opens #%d on replica A: %d", id, code)
	}
	if inc := mustIncident(t, stB, id); inc.LeasedBy != "alice" {
		t.Fatalf("replica B's store sees lease holder %q, want alice", inc.LeasedBy)
	}

	// Replica B honours the lease taken through A: not offered, read-only, refused.
	link := fmt.Sprintf(`href="/incidents/%d?`, id)
	if _, queue := bob.get("/"); strings.Contains(queue, link) {
		t.Errorf("bob's queue on replica B offers the incident alice leased on A")
	}
	if _, page := bob.get(path); !strings.Contains(page, `id="readonly"`) || strings.Contains(page, `id="f-approve"`) {
		t.Errorf("bob's view on replica B of alice's leased incident is not read-only")
	}
	base := mustIncident(t, stB, id).Version
	if code := apiCall(t, b, bobTok, "POST", "/api"+path+"/approve", map[string]any{"version": base}, nil); code != http.StatusConflict {
		t.Fatalf("bob approving through B the incident alice leased through A: %d, want 409", code)
	}
	if code, _ := bob.form(path+"/approve", "version", fmt.Sprint(base)); code != http.StatusConflict {
		t.Fatalf("bob's approve form on B: %d, want 409", code)
	}
	if inc := mustIncident(t, stA, id); inc.Status != heistwatch.StatusPending || inc.Version != base {
		t.Fatalf("after bob's refused tries: status %s version %d, want pending at %d", inc.Status, inc.Version, base)
	}

	// Alice's session, made on A, works on B (sessions and CSRF tokens live
	// in the database, not in a replica): her queue there still shows her
	// incident, and she approves it through B.
	aliceOnB := alice.on(b)
	if _, queue := aliceOnB.get("/"); !strings.Contains(queue, link) {
		t.Errorf("alice's queue on replica B lacks the incident she leased on A")
	}
	if code, _ := aliceOnB.form(path+"/approve", "version", fmt.Sprint(base)); code != http.StatusSeeOther {
		t.Fatalf("alice approving through B with her session from A: %d, want 303", code)
	}
	inc := mustIncident(t, stA, id)
	if inc.Status != heistwatch.StatusApproved || inc.ReviewedBy != "alice" || inc.LeasedBy != "" {
		t.Fatalf("after alice's approve: status %s by %q, lease %q; want approved by alice, no lease", inc.Status, inc.ReviewedBy, inc.LeasedBy)
	}

	// Both replicas read the same audit log: bob's two refused tries, alice's approve.
	for name, st := range map[string]heistwatch.Store{"A": stA, "B": stB} {
		log, err := st.Audit(t.Context(), id, 0)
		if err != nil {
			t.Fatal(err)
		}
		var refused, approved int
		for _, e := range log {
			switch {
			case e.Action == actConflict && e.Actor == "bob":
				refused++
				if !strings.Contains(e.After, "leased to alice") {
					t.Errorf("replica %s: bob's refused try does not say who holds the lease: %+v", name, e)
				}
			case e.Action == actApprove && e.Actor == "alice":
				approved++
			}
		}
		if refused != 2 || approved != 1 {
			t.Errorf("replica %s's audit log has %d refused tries by bob and %d approvals by alice, want 2 and 1: %+v", name, refused, approved, log)
		}
	}
}

func TestReplicasConcurrentEditsOneWins(t *testing.T) {
	a, b, stA, stB, ids := replicas(t)
	type reviewer struct {
		name, token string
		srv         *httptest.Server
	}
	revs := []reviewer{
		{"alice", addToken(t, stA, addUser(t, stA, "alice", heistwatch.RoleReviewer, "alice-password")), a},
		{"bob", addToken(t, stB, addUser(t, stB, "bob", heistwatch.RoleReviewer, "bob-password")), b},
	}
	id := ids["Bybit"]
	path := fmt.Sprintf("/api/incidents/%d/edit", id)

	// Each round both reviewers edit the same version at the same moment,
	// each through their own replica. Several rounds, so the race is real.
	const rounds = 8
	wins := map[string]int{}
	for round := range rounds {
		base := mustIncident(t, stA, id).Version
		codes := make([]int, len(revs))
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i, r := range revs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				body := map[string]any{"version": base, "fields": map[string]any{"actor": fmt.Sprintf("%s-%d", r.name, round)}}
				codes[i] = apiCall(t, r.srv, r.token, "POST", path, body, nil)
			}()
		}
		close(start)
		wg.Wait()
		winner := ""
		for i, code := range codes {
			switch code {
			case http.StatusOK:
				if winner != "" {
					t.Fatalf("round %d: both edits of version %d were accepted", round, base)
				}
				winner = revs[i].name
			case http.StatusConflict:
			default:
				t.Fatalf("round %d: %s got %d, want 200 or 409", round, revs[i].name, code)
			}
		}
		if winner == "" {
			t.Fatalf("round %d: both edits of version %d were refused: %v", round, base, codes)
		}
		wins[winner]++
		inc := mustIncident(t, stB, id)
		if inc.Version != base+1 || inc.Effective().Actor != fmt.Sprintf("%s-%d", winner, round) {
			t.Fatalf("round %d: version %d actor %q; want version %d with %s's edit", round, inc.Version, inc.Effective().Actor, base+1, winner)
		}
	}
	t.Logf("wins over %d rounds: %v", rounds, wins)

	// The audit log, read through either replica, holds every attempt: one
	// edit and one refused try per round, each naming its reviewer.
	for name, st := range map[string]heistwatch.Store{"A": stA, "B": stB} {
		log, err := st.Audit(t.Context(), id, 0)
		if err != nil {
			t.Fatal(err)
		}
		edits, refused := map[string]int{}, map[string]int{}
		for _, e := range log {
			switch e.Action {
			case actEdit:
				edits[e.Actor]++
			case actConflict:
				refused[e.Actor]++
			}
		}
		for _, r := range revs {
			if edits[r.name] != wins[r.name] || refused[r.name] != rounds-wins[r.name] {
				t.Errorf("replica %s: audit has %d edits and %d refused tries by %s, want %d and %d",
					name, edits[r.name], refused[r.name], r.name, wins[r.name], rounds-wins[r.name])
			}
		}
	}
}

// TestReplicasFirstRunOnce starts two replicas on an empty database at the
// same moment, as `docker compose up` does: exactly one creates the admin
// account and prints its password, and neither fails.
func TestReplicasFirstRunOnce(t *testing.T) {
	_, _, stA, stB, _ := replicas(t)
	// replicas loads incidents but no account: the store is a first run.
	stores := []heistwatch.Store{stA, stB}
	created := make([]bool, len(stores))
	errs := make([]error, len(stores))
	outs := make([]strings.Builder, len(stores))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, st := range stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			created[i], errs[i] = FirstRun(t.Context(), st, &outs[i])
		}()
	}
	close(start)
	wg.Wait()
	n := 0
	for i := range stores {
		if errs[i] != nil {
			t.Errorf("replica %d: first run: %v", i, errs[i])
		}
		printed := strings.Contains(outs[i].String(), "password: ")
		if printed != created[i] {
			t.Errorf("replica %d: created %v but printed a password %v", i, created[i], printed)
		}
		if created[i] {
			n++
		}
	}
	users, err := stB.Users(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if n != 1 || len(users) != 1 || users[0].Name != "admin" {
		t.Fatalf("%d replicas created an admin; accounts %+v; want exactly one admin", n, users)
	}
}
