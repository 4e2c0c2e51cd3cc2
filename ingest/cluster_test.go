package ingest

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
)

// countingStore counts ClusterClaims calls.
type countingStore struct {
	heistwatch.Store
	calls atomic.Int32
}

func (s *countingStore) ClusterClaims(ctx context.Context, cl heistwatch.Clusterer, now time.Time) (int, error) {
	s.calls.Add(1)
	return s.Store.ClusterClaims(ctx, cl, now)
}

// newClaimsClusterer opens a new incident for every claim.
type newClaimsClusterer struct{}

func (newClaimsClusterer) Match(heistwatch.Claim, []heistwatch.Incident) int64 { return 0 }
func (newClaimsClusterer) Summarize(cs []heistwatch.Claim) (heistwatch.Fields, float64) {
	return cs[0].Fields, cs[0].Confidence
}

// TestClusterDuringFetch checks that a one-shot run clusters in passes: not
// before clusterEvery articles are stored, once when they are, and not again
// until clusterEvery more.
func TestClusterDuringFetch(t *testing.T) {
	st := &countingStore{Store: openStore(t)}
	in := newTestIngester(t, st, func(c *Config) { c.Clusterer = newClaimsClusterer{} })
	for range clusterEvery - 1 {
		in.Metrics.article(outFetched)
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		in.clusterUntil(context.Background(), done)
	}()

	time.Sleep(clusterCheck + clusterCheck/2) // at least one check passes
	if n := st.calls.Load(); n != 0 {
		t.Fatalf("clustered %d times with %d articles stored, want 0", n, clusterEvery-1)
	}
	in.Metrics.article(outFromFeed)
	deadline := time.Now().Add(5 * clusterCheck)
	for st.calls.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(clusterCheck + clusterCheck/2) // nothing new: no second pass
	close(done)
	<-stopped
	if n := st.calls.Load(); n != 1 {
		t.Fatalf("clustered %d times with %d articles stored, want 1", n, clusterEvery)
	}
}
