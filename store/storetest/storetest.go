// Package storetest is the one conformance suite every heistwatch.Store
// backend passes: store/sqlite runs it always, store/postgres when a test
// database is configured.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
)

// Opener returns a fresh, empty, migrated store for one test; the backend
// cleans it up with t.Cleanup.
type Opener func(t *testing.T) heistwatch.Store

// Run runs the whole suite against stores made by open.
func Run(t *testing.T, open Opener) {
	tests := []struct {
		name string
		fn   func(t *testing.T, s heistwatch.Store)
	}{
		{"Feeds", testFeeds},
		{"FeedErrors", testFeedErrors},
		{"RecordPollIdempotent", testRecordPollIdempotent},
		{"RecordPollDedupe", testRecordPollDedupe},
		{"ConcurrentDedupe", testConcurrentDedupe},
		{"ClaimFeeds", testClaimFeeds},
		{"ClaimItemsLeases", testClaimItemsLeases},
		{"RenewItems", testRenewItems},
		{"FailAndFinishItems", testFailAndFinishItems},
		{"PoisonItem", testPoisonItem},
		{"SaveDocumentVersions", testSaveDocumentVersions},
		{"SaveDocumentsBatch", testSaveDocumentsBatch},
		{"ReplaceClaims", testReplaceClaims},
		{"ClusterAttach", testClusterAttach},
		{"ClusterAcrossBatches", testClusterAcrossBatches},
		{"ClusterNeedsLook", testClusterNeedsLook},
		{"NeedsLookQuery", testNeedsLookQuery},
		{"ClusterWhileReviewing", testClusterWhileReviewing},
		{"UpdateIncident", testUpdateIncident},
		{"UpdateConflictConcurrent", testUpdateConflictConcurrent},
		{"IncidentLease", testIncidentLease},
		{"MergeSplit", testMergeSplit},
		{"IncidentQuery", testIncidentQuery},
		{"SourceCount", testSourceCount},
		{"EachIncident", testEachIncident},
		{"EachIncidentBatches", testEachIncidentBatches},
		{"Audit", testAudit},
		{"Users", testUsers},
		{"StatsAndCursors", testStatsAndCursors},
		{"ContextCancelled", testContextCancelled},
		{"ConcurrentClaims", testConcurrentClaims},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel() // each test has a store of its own
			tc.fn(t, open(t))
		})
	}
}

// VictimClusterer is the suite's stand-in for package cluster: a claim joins
// the first candidate incident (same VictimKey); the summary takes the first
// claim's fields and the largest dollar amount.
type VictimClusterer struct{}

// Match picks the oldest candidate, or a new incident when there is none.
func (VictimClusterer) Match(c heistwatch.Claim, cands []heistwatch.Incident) int64 {
	if len(cands) == 0 {
		return 0
	}
	return cands[0].ID
}

// Summarize keeps the first claim's fields with the largest amount.
func (VictimClusterer) Summarize(cs []heistwatch.Claim) (heistwatch.Fields, float64) {
	if len(cs) == 0 {
		return heistwatch.Fields{}, 0
	}
	f := cs[0].Fields
	conf := 0.0
	for _, c := range cs {
		if c.AmountUSD != nil && (f.AmountUSD == nil || *c.AmountUSD > *f.AmountUSD) {
			f.AmountUSD = c.AmountUSD
		}
		conf = max(conf, c.Confidence)
	}
	return f, conf
}

var cl VictimClusterer

func ctxT(t *testing.T) context.Context { return t.Context() }

// must returns v, failing the test on err: must(s.Feed(ctx, id))(t).
func must[T any](v T, err error) func(t *testing.T) T {
	return func(t *testing.T) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

func ok(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantErr checks err is (or wraps) target.
func wantErr(t *testing.T, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("error = %v, want %v", err, target)
	}
}

func usd(v int64) *int64 { return &v }

// base is a fixed instant the tests count from, on a microsecond.
var base = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func addFeed(t *testing.T, s heistwatch.Store, url string) heistwatch.Feed {
	t.Helper()
	return must(s.AddFeed(ctxT(t), heistwatch.Feed{URL: url, Name: "n " + url}))(t)
}

// poll records items on a feed as pending, claimed by owner "poller".
func poll(t *testing.T, s heistwatch.Store, f heistwatch.Feed, items ...heistwatch.Item) heistwatch.PollCounts {
	t.Helper()
	f.LastPollAt = base
	for i := range items {
		if items[i].State == "" {
			items[i].State = heistwatch.ItemPending
		}
	}
	return must(s.RecordPoll(ctxT(t), heistwatch.PollResult{Owner: "poller", Feed: f, Items: items}))(t)
}

func item(guid, link string) heistwatch.Item {
	return heistwatch.Item{GUID: guid, Link: link, Title: "title " + guid}
}

// claimAll takes every pending item for owner.
func claimAll(t *testing.T, s heistwatch.Store, owner string, now time.Time) []heistwatch.Item {
	t.Helper()
	return must(s.ClaimItems(ctxT(t), owner, now, time.Minute, 1000))(t)
}

func claim(victim string, amount int64, evidence string) heistwatch.Claim {
	return heistwatch.Claim{Kind: heistwatch.KindIncident, VictimKey: victim,
		Fields:     heistwatch.Fields{Victim: victim, AmountUSD: usd(amount), Actor: "Lazarus", ActorFamily: "DPRK"},
		Rules:      []string{"r1"},
		Confidence: 0.8,
		Evidence:   []heistwatch.Evidence{{Text: evidence, Start: 0, End: len([]rune(evidence))}}}
}

// saveDoc stores a document at url with claims, without an item.
func saveDoc(t *testing.T, s heistwatch.Store, feedID int64, url, text string, claims ...heistwatch.Claim) heistwatch.Document {
	t.Helper()
	d, _, err := s.SaveDocument(ctxT(t), 0, heistwatch.Document{URL: url, FeedID: feedID, Title: "T " + url,
		Text: text, Published: base}, claims)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// incidentFor clusters and returns the incident holding the claims of doc.
func incidentFor(t *testing.T, s heistwatch.Store, docID int64) heistwatch.Incident {
	t.Helper()
	cs := must(s.Claims(ctxT(t), heistwatch.ClaimQuery{DocumentID: docID}))(t)
	if len(cs) == 0 || cs[0].IncidentID == 0 {
		t.Fatalf("document %d has no clustered claim: %+v", docID, cs)
	}
	return must(s.Incident(ctxT(t), cs[0].IncidentID))(t)
}

func fmtIDs(incs []heistwatch.Incident) string {
	s := ""
	for _, i := range incs {
		s += fmt.Sprintf("%d ", i.ID)
	}
	return s
}

func contextWithCancel(t *testing.T) (context.Context, context.CancelFunc) {
	return context.WithCancel(t.Context())
}
