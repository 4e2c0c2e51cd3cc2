package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
)

func testSaveDocumentVersions(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	f := addFeed(t, s, "https://a.example/feed")
	poll(t, s, f, item("1", "https://n.example/a?utm_source=x"), item("2", "https://n.example/a-amp"))
	items := claimAll(t, s, "w", base)
	url := "https://n.example/a"
	doc := heistwatch.Document{URL: url, FeedID: f.ID, ItemGUID: "1", Title: "Exchange drained", Author: "R. Porter",
		SiteName: "News", Published: base, FetchedAt: base, Text: "Hackers stole $5 million from Example Exchange.\n\nMore."}
	saved, changed, err := s.SaveDocument(ctx, items[0].ID, doc, []heistwatch.Claim{claim("example", 5_000_000, "Hackers stole $5 million")})
	ok(t, err)
	if !changed || saved.ID == 0 || saved.Version != 1 || saved.ContentHash == "" {
		t.Fatalf("first save: changed=%v %+v", changed, saved)
	}
	got := must(s.Document(ctx, saved.ID))(t)
	if got.URL != url || got.Title != doc.Title || got.Author != doc.Author || got.SiteName != "News" ||
		got.Text != doc.Text || !got.Published.Equal(base) || !got.FetchedAt.Equal(base) || got.FeedID != f.ID || got.ItemGUID != "1" {
		t.Fatalf("Document round trip = %+v", got)
	}
	// The second item's page has the same canonical URL and the same text.
	again, changed, err := s.SaveDocument(ctx, items[1].ID, doc, []heistwatch.Claim{claim("example", 5_000_000, "Hackers stole $5 million")})
	ok(t, err)
	if changed || again.ID != saved.ID || again.Version != 1 {
		t.Fatalf("same text saved again: changed=%v %+v", changed, again)
	}
	if cs := must(s.Claims(ctx, heistwatch.ClaimQuery{DocumentID: saved.ID}))(t); len(cs) != 1 {
		t.Fatalf("unchanged save added claims: %d", len(cs))
	}
	if left := claimAll(t, s, "w2", base.Add(15*time.Minute)); len(left) != 0 {
		t.Fatalf("both items should be done, %d claimable", len(left))
	}
	// The article is updated: a new version with its own claims.
	doc.Text = "Hackers stole $6 million from Example Exchange, it now says."
	doc.Title = "Exchange drained (updated)"
	v2, changed, err := s.SaveDocument(ctx, 0, doc, []heistwatch.Claim{claim("example", 6_000_000, "Hackers stole $6 million")})
	ok(t, err)
	if !changed || v2.ID != saved.ID || v2.Version != 2 || v2.ContentHash == saved.ContentHash {
		t.Fatalf("changed text: changed=%v %+v", changed, v2)
	}
	newest := must(s.Document(ctx, saved.ID))(t)
	if newest.Version != 2 || newest.Title != doc.Title || !strings.Contains(newest.Text, "$6 million") {
		t.Fatalf("Document returns %+v, want version 2", newest)
	}
	cs := must(s.Claims(ctx, heistwatch.ClaimQuery{DocumentID: saved.ID}))(t)
	if len(cs) != 2 || cs[0].DocVersion != 1 || cs[1].DocVersion != 2 || *cs[1].AmountUSD != 6_000_000 {
		t.Fatalf("claims by version = %+v", cs)
	}
	c := cs[1]
	if c.Kind != heistwatch.KindIncident || c.VictimKey != "example" || c.Actor != "Lazarus" || c.ActorFamily != "DPRK" ||
		len(c.Rules) != 1 || c.Confidence != 0.8 || len(c.Evidence) != 1 || c.Evidence[0].Text != "Hackers stole $6 million" ||
		c.IncidentID != 0 || c.CreatedAt.IsZero() {
		t.Fatalf("claim round trip = %+v", c)
	}
	if id := must(s.DocumentIDByURL(ctx, url))(t); id != saved.ID {
		t.Fatalf("DocumentIDByURL = %d, want %d", id, saved.ID)
	}
	_, err = s.DocumentIDByURL(ctx, "https://n.example/none")
	wantErr(t, err, heistwatch.ErrNotFound)
	// The batch lookup, where a store has it: more URLs than one query takes.
	if bs, has := s.(interface {
		DocumentIDsByURL(ctx context.Context, urls []string) (map[string]int64, error)
	}); has {
		var urls []string
		for i := range 40 {
			urls = append(urls, fmt.Sprintf("https://n.example/none-%d", i))
		}
		urls = append(urls, url)
		got := must(bs.DocumentIDsByURL(ctx, urls))(t)
		if len(got) != 1 || got[url] != saved.ID {
			t.Fatalf("DocumentIDsByURL = %v, want only %s = %d", got, url, saved.ID)
		}
	}
	_, err = s.Document(ctx, 9999)
	wantErr(t, err, heistwatch.ErrNotFound)
	// Same text, other URL: another document.
	other := saveDoc(t, s, f.ID, "https://mirror.example/a", doc.Text)
	if other.ID == saved.ID {
		t.Fatal("same text under another URL was merged into one document")
	}
	var ids []int64
	ok(t, s.Documents(ctx, func(d heistwatch.Document) error {
		ids = append(ids, d.ID)
		if d.ID == saved.ID && d.Version != 2 {
			t.Errorf("Documents gave version %d, want the newest", d.Version)
		}
		return nil
	}))
	if len(ids) != 2 || ids[0] != saved.ID || ids[1] != other.ID {
		t.Fatalf("Documents ids = %v", ids)
	}
	stop := errors.New("stop")
	if err := s.Documents(ctx, func(heistwatch.Document) error { return stop }); !errors.Is(err, stop) {
		t.Fatalf("Documents did not pass fn's error back: %v", err)
	}
	st := must(s.Stats(ctx))(t)
	if st.Documents != 2 || st.Claims != 2 {
		t.Fatalf("stats documents=%d claims=%d, want 2 documents (not versions) and 2 claims", st.Documents, st.Claims)
	}
	if _, _, err := s.SaveDocument(ctx, 0, heistwatch.Document{Text: "x"}, nil); heistwatch.ErrorCode(err) != heistwatch.CodeInvalid {
		t.Fatalf("save without URL: %v, want invalid", err)
	}
	// Aggregates are stored and counted apart.
	saveDoc(t, s, f.ID, "https://n.example/report", "report",
		heistwatch.Claim{Kind: heistwatch.KindAggregate, Period: "2024", Fields: heistwatch.Fields{ActorFamily: "DPRK", AmountUSD: usd(1_340_000_000)}})
	aggs := must(s.Claims(ctx, heistwatch.ClaimQuery{Kind: heistwatch.KindAggregate}))(t)
	if len(aggs) != 1 || aggs[0].Period != "2024" || *aggs[0].AmountUSD != 1_340_000_000 {
		t.Fatalf("aggregates = %+v", aggs)
	}
	if st := must(s.Stats(ctx))(t); st.Aggregates != 1 || st.Claims != 2 {
		t.Fatalf("stats aggregates=%d claims=%d", st.Aggregates, st.Claims)
	}
}

func testReplaceClaims(t *testing.T, s heistwatch.Store) {
	ctx := ctxT(t)
	keep := claim("alpha", 10, "alpha lost $10")
	gone := claim("alpha", 99, "alpha lost $99")
	d := saveDoc(t, s, 0, "https://n.example/r", "text", keep, gone)
	if n := must(s.ClusterClaims(ctx, cl, base))(t); n != 2 {
		t.Fatalf("clustered %d, want 2", n)
	}
	inc := incidentFor(t, s, d.ID)
	if *inc.Extracted.AmountUSD != 99 {
		t.Fatalf("before reextract amount = %d", *inc.Extracted.AmountUSD)
	}
	added := claim("beta", 7, "beta lost $7")
	ok(t, s.ReplaceClaims(ctx, d.ID, d.Version, []heistwatch.Claim{keep, added}))
	cs := must(s.Claims(ctx, heistwatch.ClaimQuery{DocumentID: d.ID}))(t)
	if len(cs) != 2 {
		t.Fatalf("after replace %d claims, want 2", len(cs))
	}
	for _, c := range cs {
		switch c.VictimKey {
		case "alpha":
			if c.IncidentID != inc.ID || *c.AmountUSD != 10 {
				t.Fatalf("kept claim lost its incident: %+v", c)
			}
		case "beta":
			if c.IncidentID != 0 {
				t.Fatalf("new claim already placed: %+v", c)
			}
		default:
			t.Fatalf("unexpected claim %+v", c)
		}
	}
	if n := must(s.ClusterClaims(ctx, cl, base))(t); n != 1 {
		t.Fatalf("clustered %d after replace, want 1", n)
	}
	after := must(s.Incident(ctx, inc.ID))(t)
	if *after.Extracted.AmountUSD != 10 || after.Version <= inc.Version {
		t.Fatalf("incident not summarised again after a claim went away: amount %d version %d", *after.Extracted.AmountUSD, after.Version)
	}
}
