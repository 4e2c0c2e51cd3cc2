package ingest

import (
	"fmt"
	"io"
	"sort"
	"sync"
	"time"
)

// latencyBuckets are the upper bounds, in seconds, of the fetch latency histogram.
var latencyBuckets = []float64{0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30}

// Metrics counts what ingest did, for /metrics and the fetch summary.
type Metrics struct {
	mu       sync.Mutex
	polls    map[string]int64 // by result: ok, not_modified, error
	items    map[string]int64 // by state: new, seen, filtered, duplicate
	articles map[string]int64 // by outcome: fetched, from_feed, duplicate, failed, released
	latency  map[string]*histogram
	clusters int64
}

type histogram struct {
	counts []int64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      int64
}

// NewMetrics returns empty counters.
func NewMetrics() *Metrics {
	return &Metrics{polls: map[string]int64{}, items: map[string]int64{}, articles: map[string]int64{},
		latency: map[string]*histogram{}}
}

func (m *Metrics) poll(result string) {
	m.mu.Lock()
	m.polls[result]++
	m.mu.Unlock()
}

func (m *Metrics) addItems(newItems, seen, filtered, duplicate int) {
	m.mu.Lock()
	m.items["new"] += int64(newItems)
	m.items["seen"] += int64(seen)
	m.items["filtered"] += int64(filtered)
	m.items["duplicate"] += int64(duplicate)
	m.mu.Unlock()
}

func (m *Metrics) article(outcome string) {
	m.mu.Lock()
	m.articles[outcome]++
	m.mu.Unlock()
}

func (m *Metrics) clustered(n int) {
	m.mu.Lock()
	m.clusters += int64(n)
	m.mu.Unlock()
}

func (m *Metrics) observeFetch(kind string, d time.Duration) {
	m.mu.Lock()
	h := m.latency[kind]
	if h == nil {
		h = &histogram{counts: make([]int64, len(latencyBuckets)+1)}
		m.latency[kind] = h
	}
	s := d.Seconds()
	i := sort.SearchFloat64s(latencyBuckets, s)
	h.counts[i]++
	h.sum += s
	h.n++
	m.mu.Unlock()
}

// Summary is a snapshot of the counters.
type Summary struct {
	FeedsOK, FeedsNotModified, FeedsFailed         int64
	ItemsNew, ItemsSeen, ItemsFiltered, ItemsDup   int64
	ArticlesFetched, ArticlesFromFeed, ArticlesDup int64
	ArticlesFailed, ArticlesReleased               int64
	ClaimsClustered                                int64
}

// Snapshot returns the counters as they are now.
func (m *Metrics) Snapshot() Summary {
	m.mu.Lock()
	defer m.mu.Unlock()
	return Summary{
		FeedsOK: m.polls["ok"], FeedsNotModified: m.polls["not_modified"], FeedsFailed: m.polls["error"],
		ItemsNew: m.items["new"], ItemsSeen: m.items["seen"], ItemsFiltered: m.items["filtered"], ItemsDup: m.items["duplicate"],
		ArticlesFetched: m.articles[outFetched], ArticlesFromFeed: m.articles[outFromFeed],
		ArticlesDup: m.articles[outDuplicate], ArticlesFailed: m.articles[outFailed],
		ArticlesReleased: m.articles[outReleased], ClaimsClustered: m.clusters,
	}
}

// WritePrometheus prints the counters in the Prometheus text format.
func (m *Metrics) WritePrometheus(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	counter := func(name, help, label string, vals map[string]int64) {
		fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n", name, help, name)
		keys := make([]string, 0, len(vals))
		for k := range vals {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(w, "%s{%s=%q} %d\n", name, label, k, vals[k])
		}
	}
	counter("heistwatch_feed_polls_total", "Feed polls by result (ok, not_modified, error).", "result", m.polls)
	errs := map[string]int64{"feed": m.polls["error"], "article": m.articles[outFailed]}
	counter("heistwatch_fetch_errors_total", "Failed feed polls and articles that could not be stored.", "stage", errs)
	counter("heistwatch_items_total", "Feed items seen by state.", "state", m.items)
	counter("heistwatch_articles_total", "Article items by outcome.", "outcome", m.articles)
	fmt.Fprintf(w, "# HELP heistwatch_claims_clustered_total Claims placed into incidents.\n# TYPE heistwatch_claims_clustered_total counter\nheistwatch_claims_clustered_total %d\n", m.clusters)
	name := "heistwatch_fetch_duration_seconds"
	fmt.Fprintf(w, "# HELP %s HTTP fetch latency of feeds and articles.\n# TYPE %s histogram\n", name, name)
	kinds := make([]string, 0, len(m.latency))
	for k := range m.latency {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		h := m.latency[k]
		var cum int64
		for i, b := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "%s_bucket{kind=%q,le=\"%g\"} %d\n", name, k, b, cum)
		}
		fmt.Fprintf(w, "%s_bucket{kind=%q,le=\"+Inf\"} %d\n", name, k, h.n)
		fmt.Fprintf(w, "%s_sum{kind=%q} %g\n%s_count{kind=%q} %d\n", name, k, h.sum, name, k, h.n)
	}
}
