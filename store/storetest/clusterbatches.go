package storetest

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/heistwatch/heistwatch"
)

// testClusterAcrossBatches clusters one story reported by more claims than a
// clustering batch holds (500 in package sqldb): every batch after the first
// must summarise the incident from all its claims, the earlier batches'
// included, so the first claim's fields and the largest amount (both in the
// first batch) survive to the end.
func testClusterAcrossBatches(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	const n = 1050
	for i := range n {
		amount := int64(1_000_000 + i)
		if i == 10 {
			amount = 900_000_000
		}
		claims := []heistwatch.Claim{claim("bigstory", amount, fmt.Sprintf("report %d", i))}
		if i == 0 {
			claims[0].Fields.Actor = "First Reporter's Actor"
		}
		if i%100 == 0 { // another story woven through, in its own incident
			claims = append(claims, claim("side", int64(i), "side story"))
		}
		saveDoc(t, s, 0, fmt.Sprintf("https://big.example/%d", i), fmt.Sprint("text ", i), claims...)
	}
	if got := must(s.ClusterClaims(ctx, cl, base))(t); got != n+n/100+1 {
		t.Fatalf("placed %d claims, want %d", got, n+n/100+1)
	}
	big := incidentFor(t, s, must(s.Claims(ctx, heistwatch.ClaimQuery{Limit: 1}))(t)[0].DocumentID)
	if big.VictimKey != "bigstory" || len(big.Sources) != n {
		t.Fatalf("big incident %q has %d sources, want %d", big.VictimKey, len(big.Sources), n)
	}
	if big.Extracted.Actor != "First Reporter's Actor" || big.Extracted.AmountUSD == nil || *big.Extracted.AmountUSD != 900_000_000 {
		t.Fatalf("big incident summarised from part of its claims: %+v", big.Extracted)
	}
	all := must(s.Claims(ctx, heistwatch.ClaimQuery{IncidentID: big.ID}))(t)
	want, _ := cl.Summarize(all)
	if !reflect.DeepEqual(want, big.Extracted) {
		t.Fatalf("stored summary %+v, want %+v", big.Extracted, want)
	}

	// Split one report out, then cluster more: the next run must start
	// from the incident as it is now, without the split-off claim.
	moved := big.Sources[10].DocumentID // the one with the largest amount
	if _, err := s.Split(ctx, big.ID, big.Version, moved, "ana", cl); err != nil {
		t.Fatal(err)
	}
	saveDoc(t, s, 0, "https://big.example/late", "late", claim("bigstory", 2_000_000, "late report"))
	if got := must(s.ClusterClaims(ctx, cl, base))(t); got != 1 {
		t.Fatalf("placed %d claims, want 1", got)
	}
	after := must(s.Incident(ctx, big.ID))(t)
	if len(after.Sources) != n || after.Extracted.AmountUSD == nil || *after.Extracted.AmountUSD != 2_000_000 {
		t.Fatalf("after split and one more report: %d sources, amount %v; want %d and 2000000",
			len(after.Sources), after.Extracted.AmountUSD, n)
	}
}
