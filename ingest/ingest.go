// Package ingest polls feeds and turns their new items into stored articles.
//
// Two stages talk through the store, so a crash between them loses nothing:
// pollers lease due feeds, fetch them with a conditional GET, parse them with
// gofeed, apply the feed's relevance filter and record the feed's new state
// and its items in one RecordPoll transaction; article workers lease pending
// items, fetch and extract the linked page (falling back to the feed's own
// content when the page fails), run the claim extractor and store document
// and claims in one SaveDocument transaction. Once runs this for every feed a
// single time (heistwatch fetch); Run keeps doing it on the feeds' schedules
// (heistwatch run).
package ingest

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/config"
)

// Config is what an Ingester needs besides the store.
type Config struct {
	// Fetch holds the scheduler and HTTP settings (config.Fetch defaults).
	Fetch config.Fetch
	// AllowPrivate lets links found in feeds reach loopback and private
	// addresses. Feed URLs themselves are the operator's choice and may be
	// on an internal network.
	AllowPrivate bool
	// Extract turns a document into claims; nil stores documents without claims.
	Extract func(heistwatch.Document) []heistwatch.Claim
	// Clusterer places new claims into incidents after articles are stored;
	// nil skips clustering.
	Clusterer heistwatch.Clusterer
	// StateDir keeps the lease journal that lets the next start release the
	// work of a process that was killed; empty disables the journal.
	StateDir string
	// Owner names this process in leases; empty picks host/pid/random.
	Owner string
	Log   *slog.Logger
	Now   func() time.Time
}

// Ingester runs the poll and article stages against one store.
type Ingester struct {
	cfg     Config
	st      heistwatch.Store
	log     *slog.Logger
	now     func() time.Time
	owner   string
	feeds   *Client // feed URLs: the operator's own, may be internal
	pages   *Client // links found in feeds: internal addresses refused
	Metrics *Metrics

	schedMu   sync.Mutex
	schedules map[string]cron.Schedule

	journal *journal
}

// New builds an Ingester. Call Close when done.
func New(st heistwatch.Store, cfg Config) (*Ingester, error) {
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Owner == "" {
		cfg.Owner = newOwner()
	}
	f := cfg.Fetch
	if f.Workers <= 0 || f.ArticleWorkers <= 0 || f.Timeout <= 0 || f.MaxBodyBytes <= 0 || f.Lease <= 0 || f.MaxAttempts <= 0 {
		return nil, fmt.Errorf("ingest: fetch settings incomplete: %+v", f)
	}
	if _, err := config.ParseSchedule(f.Schedule); err != nil {
		return nil, fmt.Errorf("ingest: default schedule %q: %w", f.Schedule, err)
	}
	hosts := NewHostLimiter(f.PerHost, f.PerHostDelay)
	base := ClientConfig{
		UserAgent:      f.UserAgent,
		ConnectTimeout: f.ConnectTimeout,
		Timeout:        f.Timeout,
		MaxBodyBytes:   f.MaxBodyBytes,
		MaxRedirects:   f.MaxRedirects,
		Hosts:          hosts,
		Conns:          max(f.PerHost, 4),
		Now:            cfg.Now,
	}
	feedCfg := base
	feedCfg.AllowPrivate = true
	pageCfg := base
	pageCfg.AllowPrivate = cfg.AllowPrivate
	in := &Ingester{
		cfg:       cfg,
		st:        st,
		log:       cfg.Log,
		now:       cfg.Now,
		owner:     cfg.Owner,
		feeds:     NewClient(feedCfg),
		pages:     NewClient(pageCfg),
		Metrics:   NewMetrics(),
		schedules: map[string]cron.Schedule{},
	}
	return in, nil
}

// Owner is the name this process leases feeds and items under.
func (in *Ingester) Owner() string { return in.owner }

// Close releases idle connections.
func (in *Ingester) Close() {
	in.feeds.CloseIdle()
	in.pages.CloseIdle()
}

// newOwner names a process uniquely across hosts and restarts.
func newOwner() string {
	host, _ := os.Hostname()
	if host == "" {
		host = "host"
	}
	var b [4]byte
	_, _ = rand.Read(b[:])
	return fmt.Sprintf("%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b[:]))
}

// schedule returns the parsed schedule of a feed (its own or the default).
func (in *Ingester) schedule(spec string) cron.Schedule {
	if spec == "" {
		spec = in.cfg.Fetch.Schedule
	}
	in.schedMu.Lock()
	defer in.schedMu.Unlock()
	if s, ok := in.schedules[spec]; ok {
		return s
	}
	s, err := config.ParseSchedule(spec)
	if err != nil {
		in.log.Warn("bad feed schedule, using the default", "schedule", spec, "err", err)
		s, _ = config.ParseSchedule(in.cfg.Fetch.Schedule)
	}
	in.schedules[spec] = s
	return s
}
