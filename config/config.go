// Package config loads heistwatch's YAML configuration: defaults for every
// setting, then the file, then HEISTWATCH_* environment variables (flags are
// applied by the command on top). Validation names the file, line and key of
// each problem, so an operator can fix a bad line without guessing.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/heistwatch/heistwatch/filter"
	"github.com/robfig/cron/v3"
	"gopkg.in/yaml.v3"
)

// Config is every setting of heistwatch.
type Config struct {
	// DataDir holds the default SQLite store and other state.
	DataDir string `yaml:"data_dir"`
	// Store is a SQLite file path or a postgres:// URL; empty means DataDir/heistwatch.db.
	Store string `yaml:"store"`
	// Listen is the daemon's HTTP address; 127.0.0.1:0 picks a free port.
	Listen string `yaml:"listen"`
	// AllowPrivate lets links found in feeds reach loopback and private addresses.
	AllowPrivate bool `yaml:"allow_private"`
	// Rules names an extra extraction rules file extending the embedded ones.
	Rules  string `yaml:"rules"`
	Log    Log    `yaml:"log"`
	Fetch  Fetch  `yaml:"fetch"`
	Review Review `yaml:"review"`
	// OPML files whose feeds are added at start (OPML carries no filter).
	OPML []string `yaml:"opml"`
	// OPMLFilter is the relevance filter given to feeds imported from OPML.
	OPMLFilter string `yaml:"opml_filter"`
	// Feeds listed in the config are added at start; a feed already stored
	// takes the config's name, schedule and filter.
	Feeds []Feed `yaml:"feeds"`

	// File is the path the config was read from ("" when none).
	File string `yaml:"-"`
	// lines maps a key path such as "feeds[3].schedule" to its line in File.
	lines map[string]int
}

// Log sets logging.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // text or json
}

// Fetch sets the scheduler and the HTTP client.
type Fetch struct {
	// Schedule is the default cron spec or "@every 15m" for feeds without their own.
	Schedule string `yaml:"schedule"`
	// Jitter spreads the daemon's polls up to this long so feeds do not all fire at once.
	Jitter time.Duration `yaml:"jitter"`
	// Workers bounds concurrent feed polls; ArticleWorkers concurrent article fetches.
	Workers        int `yaml:"workers"`
	ArticleWorkers int `yaml:"article_workers"`
	// PerHost bounds concurrent requests to one host; PerHostDelay spaces them.
	PerHost      int           `yaml:"per_host"`
	PerHostDelay time.Duration `yaml:"per_host_delay"`
	// ConnectTimeout bounds the dial; Timeout the whole request including the body.
	ConnectTimeout time.Duration `yaml:"connect_timeout"`
	Timeout        time.Duration `yaml:"timeout"`
	// MaxBodyBytes stops reading a response past this size.
	MaxBodyBytes int64  `yaml:"max_body_bytes"`
	MaxRedirects int    `yaml:"max_redirects"`
	UserAgent    string `yaml:"user_agent"`
	// MaxBackoff caps the exponential backoff of a failing feed.
	MaxBackoff time.Duration `yaml:"max_backoff"`
	// MaxAttempts is how often an article fetch is tried before the item fails.
	MaxAttempts int `yaml:"max_attempts"`
	// Lease is how long a claimed feed or article stays reserved to a process.
	Lease time.Duration `yaml:"lease"`
}

// Review sets the review server.
type Review struct {
	// LeaseTime is how long an opened incident stays reserved to its reviewer.
	LeaseTime time.Duration `yaml:"lease_time"`
	// SessionTime is how long a sign-in lasts.
	SessionTime time.Duration `yaml:"session_time"`
	// SecureCookies marks cookies Secure; leave on behind HTTPS.
	SecureCookies bool `yaml:"secure_cookies"`
}

// Feed is a feed listed in the config.
type Feed struct {
	URL      string `yaml:"url"`
	Name     string `yaml:"name"`
	Schedule string `yaml:"schedule"`
	Filter   string `yaml:"filter"`
}

// Default returns the settings used when nothing overrides them. The fetch
// defaults let one host serve hundreds of feeds quickly; operators can make
// them stricter.
func Default() Config {
	return Config{
		DataDir: defaultDataDir(),
		Listen:  "127.0.0.1:8080",
		Log:     Log{Level: "info", Format: "text"},
		Fetch: Fetch{
			Schedule:       "@every 15m",
			Jitter:         2 * time.Minute,
			Workers:        16,
			ArticleWorkers: 16,
			PerHost:        16,
			PerHostDelay:   0,
			ConnectTimeout: 10 * time.Second,
			Timeout:        30 * time.Second,
			MaxBodyBytes:   10 << 20,
			MaxRedirects:   5,
			UserAgent:      "heistwatch/0.1 (+https://github.com/heistwatch/heistwatch; crypto-theft news monitor)",
			MaxBackoff:     24 * time.Hour,
			MaxAttempts:    3,
			Lease:          2 * time.Minute,
		},
		Review: Review{LeaseTime: 5 * time.Minute, SessionTime: 7 * 24 * time.Hour},
	}
}

func defaultDataDir() string {
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "heistwatch")
	}
	if h, err := os.UserHomeDir(); err == nil && h != "" {
		return filepath.Join(h, ".local", "share", "heistwatch")
	}
	return "heistwatch-data"
}

// Load reads the config file at path (skipped when path is ""), applies the
// HEISTWATCH_* variables from getenv, and validates the result.
func Load(path string, getenv func(string) string) (*Config, error) {
	c := Default()
	if path == "" {
		path = getenv("HEISTWATCH_CONFIG")
	}
	if path != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("config: %w", err)
		}
		if err := c.parse(path, data); err != nil {
			return nil, err
		}
	}
	if err := c.applyEnv(getenv); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

func (c *Config) parse(path string, data []byte) error {
	c.File = path
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	c.lines = map[string]int{}
	if len(root.Content) > 0 {
		recordLines(root.Content[0], "", c.lines)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	// Paths in the file are relative to the file.
	base := filepath.Dir(path)
	for i, p := range c.OPML {
		if p != "" && !filepath.IsAbs(p) {
			c.OPML[i] = filepath.Join(base, p)
		}
	}
	if c.Rules != "" && !filepath.IsAbs(c.Rules) {
		c.Rules = filepath.Join(base, c.Rules)
	}
	return nil
}

// recordLines walks a YAML node tree and remembers the line of every key path.
func recordLines(n *yaml.Node, prefix string, lines map[string]int) {
	switch n.Kind {
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i].Value
			p := key
			if prefix != "" {
				p = prefix + "." + key
			}
			lines[p] = n.Content[i].Line
			recordLines(n.Content[i+1], p, lines)
		}
	case yaml.SequenceNode:
		for i, item := range n.Content {
			p := fmt.Sprintf("%s[%d]", prefix, i)
			lines[p] = item.Line
			recordLines(item, p, lines)
		}
	}
}

func (c *Config) applyEnv(getenv func(string) string) error {
	if v := getenv("HEISTWATCH_DATA_DIR"); v != "" {
		c.DataDir = v
	}
	if v := getenv("HEISTWATCH_STORE"); v != "" {
		c.Store = v
	}
	if v := getenv("HEISTWATCH_LISTEN"); v != "" {
		c.Listen = v
	}
	if v := getenv("HEISTWATCH_ALLOW_PRIVATE"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("HEISTWATCH_ALLOW_PRIVATE=%q: want 1, 0, true or false", v)
		}
		c.AllowPrivate = b
	}
	if v := getenv("HEISTWATCH_LOG_LEVEL"); v != "" {
		c.Log.Level = v
	}
	if v := getenv("HEISTWATCH_LOG_FORMAT"); v != "" {
		c.Log.Format = v
	}
	if v := getenv("HEISTWATCH_RULES"); v != "" {
		c.Rules = v
	}
	return nil
}

// StorePath is the store the commands open: Store, or the SQLite file in DataDir.
func (c *Config) StorePath() string {
	if c.Store != "" {
		return c.Store
	}
	return filepath.Join(c.DataDir, "heistwatch.db")
}

// ValidationError lists every problem found, each with its place.
type ValidationError struct {
	Problems []string
}

func (e *ValidationError) Error() string {
	if len(e.Problems) == 1 {
		return "config: " + e.Problems[0]
	}
	return "config has " + strconv.Itoa(len(e.Problems)) + " problems:\n  " + strings.Join(e.Problems, "\n  ")
}

// ParseSchedule checks a cron spec ("*/15 * * * *") or descriptor ("@every 15m", "@hourly").
func ParseSchedule(spec string) (cron.Schedule, error) {
	return cron.ParseStandard(spec)
}

// Validate checks every setting and reports all problems at once.
func (c *Config) Validate() error {
	var probs []string
	bad := func(key, format string, args ...any) {
		where := key
		if c.File != "" {
			if line, ok := c.lines[key]; ok {
				where = fmt.Sprintf("%s:%d: %s", c.File, line, key)
			} else {
				where = fmt.Sprintf("%s: %s", c.File, key)
			}
		}
		probs = append(probs, where+": "+fmt.Sprintf(format, args...))
	}
	if c.DataDir == "" {
		bad("data_dir", "must not be empty")
	}
	if _, _, err := net.SplitHostPort(c.Listen); err != nil {
		bad("listen", "%q is not host:port", c.Listen)
	}
	switch c.Log.Level {
	case "debug", "info", "warn", "error":
	default:
		bad("log.level", "%q: want debug, info, warn or error", c.Log.Level)
	}
	switch c.Log.Format {
	case "text", "json":
	default:
		bad("log.format", "%q: want text or json", c.Log.Format)
	}
	f := c.Fetch
	if _, err := ParseSchedule(f.Schedule); err != nil {
		bad("fetch.schedule", "bad cron spec %q: %v", f.Schedule, err)
	}
	positive := []struct {
		key string
		n   int64
	}{
		{"fetch.workers", int64(f.Workers)}, {"fetch.article_workers", int64(f.ArticleWorkers)},
		{"fetch.per_host", int64(f.PerHost)}, {"fetch.connect_timeout", int64(f.ConnectTimeout)},
		{"fetch.timeout", int64(f.Timeout)}, {"fetch.max_body_bytes", f.MaxBodyBytes},
		{"fetch.max_backoff", int64(f.MaxBackoff)}, {"fetch.max_attempts", int64(f.MaxAttempts)},
		{"fetch.lease", int64(f.Lease)}, {"review.lease_time", int64(c.Review.LeaseTime)},
		{"review.session_time", int64(c.Review.SessionTime)},
	}
	for _, p := range positive {
		if p.n <= 0 {
			bad(p.key, "must be greater than zero")
		}
	}
	if f.Jitter < 0 {
		bad("fetch.jitter", "must not be negative")
	}
	if f.PerHostDelay < 0 {
		bad("fetch.per_host_delay", "must not be negative")
	}
	if f.MaxRedirects < 0 || f.MaxRedirects > 20 {
		bad("fetch.max_redirects", "want 0 to 20, got %d", f.MaxRedirects)
	}
	if strings.TrimSpace(f.UserAgent) == "" {
		bad("fetch.user_agent", "must not be empty")
	}
	seen := map[string]int{}
	for i, fd := range c.Feeds {
		key := fmt.Sprintf("feeds[%d]", i)
		if err := CheckFeedURL(fd.URL); err != nil {
			bad(key+".url", "%v", err)
		} else if j, dup := seen[fd.URL]; dup {
			bad(key+".url", "%s is already feeds[%d]", fd.URL, j)
		} else {
			seen[fd.URL] = i
		}
		if fd.Schedule != "" {
			if _, err := ParseSchedule(fd.Schedule); err != nil {
				bad(key+".schedule", "bad cron spec %q: %v", fd.Schedule, err)
			}
		}
		if _, err := filter.Parse(fd.Filter); err != nil {
			bad(key+".filter", "%v", err)
		}
	}
	if _, err := filter.Parse(c.OPMLFilter); err != nil {
		bad("opml_filter", "%v", err)
	}
	for i, p := range c.OPML {
		if _, err := os.Stat(p); err != nil {
			bad(fmt.Sprintf("opml[%d]", i), "%v", err)
		}
	}
	if c.Rules != "" {
		if _, err := os.Stat(c.Rules); err != nil {
			bad("rules", "%v", err)
		}
	}
	if len(probs) > 0 {
		return &ValidationError{Problems: probs}
	}
	return nil
}

// CheckFeedURL accepts absolute http and https URLs.
func CheckFeedURL(raw string) error {
	if raw == "" {
		return errors.New("missing url")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("%q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("%q: want an http or https URL", raw)
	}
	if u.Host == "" {
		return fmt.Errorf("%q: no host", raw)
	}
	return nil
}
