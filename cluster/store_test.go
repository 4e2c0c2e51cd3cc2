package cluster_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/cluster"
	"github.com/heistwatch/heistwatch/store"
)

func usd(v int64) *int64 { return &v }

// TestClusterClaimsInSQLite runs the clusterer through the real store: three
// articles on one theft become one incident with three sources, a second
// theft from the same victim a year later stays apart, and a late article on
// an approved incident attaches to it and flags it instead of opening a
// duplicate.
func TestClusterClaimsInSQLite(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "hw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2024, 6, 1, 0, 0, 0, 0, time.UTC)
	save := func(n int, f heistwatch.Fields) {
		t.Helper()
		text := fmt.Sprintf("Article %d about %s.", n, f.Victim)
		d := heistwatch.Document{URL: fmt.Sprintf("https://news.example/a/%d.html", n), Title: fmt.Sprintf("story %d", n), Text: text}
		c := heistwatch.Claim{Kind: heistwatch.KindIncident, Fields: f, VictimKey: "ronin", Confidence: 0.7,
			Rules: []string{"test"}, Evidence: []heistwatch.Evidence{{Text: text, Start: 0, End: len([]rune(text))}}}
		if _, _, err := st.SaveDocument(ctx, 0, d, []heistwatch.Claim{c}); err != nil {
			t.Fatal(err)
		}
	}
	save(1, heistwatch.Fields{Victim: "Ronin Network", AmountUSD: usd(620000000), Date: "2022-03"})
	save(2, heistwatch.Fields{Victim: "Ronin", AmountUSD: usd(625000000), Date: "2022-03-23", ActorFamily: "DPRK", Actor: "Lazarus Group"})
	save(3, heistwatch.Fields{Victim: "Ronin Network", AmountUSD: usd(620000000)})
	save(4, heistwatch.Fields{Victim: "Ronin Network", AmountUSD: usd(12000000), Date: "2024-08"})

	cl := cluster.New()
	n, err := st.ClusterClaims(ctx, cl, now)
	if err != nil || n != 4 {
		t.Fatalf("ClusterClaims = %d, %v; want 4 placed", n, err)
	}
	incs, total, err := st.Incidents(ctx, heistwatch.IncidentQuery{Order: "id"})
	if err != nil || total != 2 {
		t.Fatalf("Incidents: %d incidents, %v; want 2", total, err)
	}
	big, err := st.Incident(ctx, incs[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(big.Sources) != 3 || *big.Extracted.AmountUSD != 620000000 || big.Extracted.ActorFamily != "DPRK" {
		t.Fatalf("first incident: %d sources, %+v; want 3 sources, $620M, DPRK", len(big.Sources), big.Extracted)
	}
	var claims []heistwatch.Claim
	for _, s := range big.Sources {
		claims = append(claims, s.Claims...)
	}
	figs := cluster.Figures(claims)
	if len(figs) != 2 || figs[0].String() != "$620M (2 sources)" || figs[1].String() != "$625M (1 source)" {
		t.Errorf("figures = %v, want $620M (2 sources) / $625M (1 source)", figs)
	}

	if _, err := st.UpdateIncident(ctx, big.ID, big.Version, "alice", func(i *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		i.Status = heistwatch.StatusApproved
		return []heistwatch.AuditEntry{{Action: "approve"}}, nil
	}); err != nil {
		t.Fatal(err)
	}
	save(5, heistwatch.Fields{Victim: "Ronin bridge", AmountUSD: usd(615000000), Date: "2022"})
	if n, err := st.ClusterClaims(ctx, cl, now); err != nil || n != 1 {
		t.Fatalf("second ClusterClaims = %d, %v; want 1", n, err)
	}
	after, err := st.Incident(ctx, big.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(after.Sources) != 4 || !after.NeedsLook || after.Status != heistwatch.StatusApproved {
		t.Errorf("approved incident after a late article: %d sources, needs look %v, %s; want 4, true, approved",
			len(after.Sources), after.NeedsLook, after.Status)
	}
	if _, total, _ := st.Incidents(ctx, heistwatch.IncidentQuery{}); total != 2 {
		t.Errorf("%d incidents after the late article, want still 2", total)
	}
}
