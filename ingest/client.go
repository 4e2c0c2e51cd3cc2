package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// Errors a fetch can end with; callers tell permanent failures from
// transient ones with errors.Is.
var (
	// ErrPrivateAddress refuses a connection to a loopback, private,
	// link-local or otherwise internal address.
	ErrPrivateAddress = errors.New("refused: address is loopback, private or link-local (set HEISTWATCH_ALLOW_PRIVATE=1 to allow)")
	// ErrTooLarge stops reading a body past the configured size.
	ErrTooLarge = errors.New("response body too large")
	// ErrRedirectLoop is a redirect back to a URL already visited.
	ErrRedirectLoop = errors.New("redirect loop")
	// ErrTooManyRedirects is a chain longer than the configured maximum.
	ErrTooManyRedirects = errors.New("too many redirects")
	// ErrBadURL is a URL that is not absolute http or https.
	ErrBadURL = errors.New("bad url")
)

// HTTPError is a response whose status is not a success.
type HTTPError struct {
	Status int
	// RetryAfter is the server's Retry-After, zero when absent.
	RetryAfter time.Duration
}

func (e *HTTPError) Error() string {
	s := fmt.Sprintf("HTTP %d %s", e.Status, http.StatusText(e.Status))
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(" (retry after %s)", e.RetryAfter.Round(time.Second))
	}
	return s
}

// ClientConfig sets up a Client.
type ClientConfig struct {
	UserAgent      string
	ConnectTimeout time.Duration
	// Timeout bounds a whole request: connect, headers and body.
	Timeout      time.Duration
	MaxBodyBytes int64
	MaxRedirects int
	// AllowPrivate lets the client dial internal addresses.
	AllowPrivate bool
	// Hosts spaces and bounds requests per host; nil means no limit.
	Hosts *HostLimiter
	// Conns is how many idle keep-alive connections are kept per host.
	Conns int
	// Now is the clock used for Retry-After dates.
	Now func() time.Time
}

// Client is an HTTP client for feeds and pages: one keep-alive transport,
// bounded bodies and redirects, and an address check on every dial so that
// neither DNS tricks nor redirects can reach internal services.
type Client struct {
	cfg       ClientConfig
	transport *http.Transport
}

// NewClient builds a Client with its own connection pool.
func NewClient(cfg ClientConfig) *Client {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Conns <= 0 {
		cfg.Conns = 16
	}
	dialer := &net.Dialer{Timeout: cfg.ConnectTimeout, KeepAlive: 30 * time.Second}
	if !cfg.AllowPrivate {
		// Control runs with the address actually being dialled, after DNS
		// resolution and for every redirect hop.
		dialer.Control = func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			ip, err := netip.ParseAddr(host)
			if err != nil {
				return fmt.Errorf("dial %s: %w", address, err)
			}
			if internalAddr(ip) {
				return fmt.Errorf("dial %s: %w", address, ErrPrivateAddress)
			}
			return nil
		}
	}
	t := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          4 * cfg.Conns,
		MaxIdleConnsPerHost:   cfg.Conns,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   cfg.ConnectTimeout,
		ResponseHeaderTimeout: cfg.Timeout,
		ExpectContinueTimeout: time.Second,
	}
	if !cfg.AllowPrivate {
		// A proxy would dial on our behalf and bypass the address check.
		t.Proxy = nil
	}
	return &Client{cfg: cfg, transport: t}
}

// CloseIdle closes idle keep-alive connections.
func (c *Client) CloseIdle() { c.transport.CloseIdleConnections() }

// internalAddr reports addresses a link from a feed must not reach.
func internalAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.IsLoopback() || ip.IsPrivate() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() {
		return true
	}
	for _, p := range internalPrefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// internalPrefixes are ranges the netip predicates do not cover: carrier-grade
// NAT, "this network", benchmarking and IPv4/IPv6 translation.
var internalPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("64:ff9b::/96"),
}

// Response is a fetched resource with its body read in full (up to the limit).
type Response struct {
	// URL is the final URL after redirects.
	URL string
	// Permanent is set when every redirect on the way was permanent (301/308),
	// so the final URL may replace the one asked for.
	Permanent bool
	Redirects int
	Status    int
	Header    http.Header
	Body      []byte
	Elapsed   time.Duration
}

// Get fetches rawURL with extra request headers. A 304 is returned as a
// Response; other non-2xx statuses are an *HTTPError (with the Response for
// its headers). accept, when set, is checked against the response before the
// body is read: a mismatch returns the Response with a nil Body and the error
// from accept.
func (c *Client) Get(ctx context.Context, rawURL string, header http.Header, accept func(*http.Response) error) (*Response, error) {
	start := time.Now()
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %w", ErrBadURL, rawURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("%w %q: want http or https", ErrBadURL, rawURL)
	}
	if c.cfg.Hosts != nil {
		release, err := c.cfg.Hosts.Acquire(ctx, u.Host)
		if err != nil {
			return nil, err
		}
		defer release()
	}
	ctx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("%w %q: %w", ErrBadURL, rawURL, err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", c.cfg.UserAgent)

	out := &Response{Permanent: true}
	client := &http.Client{
		Transport: c.transport,
		CheckRedirect: func(next *http.Request, via []*http.Request) error {
			if len(via) > c.cfg.MaxRedirects {
				return fmt.Errorf("%w (more than %d)", ErrTooManyRedirects, c.cfg.MaxRedirects)
			}
			for _, v := range via {
				if v.URL.String() == next.URL.String() {
					return fmt.Errorf("%w: %s", ErrRedirectLoop, next.URL)
				}
			}
			if r := next.Response; r == nil || (r.StatusCode != http.StatusMovedPermanently && r.StatusCode != http.StatusPermanentRedirect) {
				out.Permanent = false
			}
			out.Redirects++
			// Conditional headers and the user agent carry over; Go copies
			// them for same-host hops and we set the agent for every hop.
			next.Header.Set("User-Agent", c.cfg.UserAgent)
			return nil
		},
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, unwrapURLError(err)
	}
	defer resp.Body.Close()
	out.URL = resp.Request.URL.String()
	out.Status = resp.StatusCode
	out.Header = resp.Header
	if out.Redirects == 0 {
		out.Permanent = false
	}
	if resp.StatusCode == http.StatusNotModified {
		out.Elapsed = time.Since(start)
		return out, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		out.Elapsed = time.Since(start)
		return out, &HTTPError{Status: resp.StatusCode, RetryAfter: retryAfter(resp.Header.Get("Retry-After"), c.cfg.Now())}
	}
	if accept != nil {
		if err := accept(resp); err != nil {
			out.Elapsed = time.Since(start)
			return out, err
		}
	}
	out.Body, err = readLimited(resp.Body, resp.ContentLength, c.cfg.MaxBodyBytes)
	out.Elapsed = time.Since(start)
	if err != nil {
		return out, err
	}
	return out, nil
}

// readLimited reads at most max bytes; a longer body is an error and the rest
// is never read (closing the body drops the connection).
func readLimited(r io.Reader, size, max int64) ([]byte, error) {
	if size > max {
		return nil, fmt.Errorf("%w: %d bytes announced, limit %d", ErrTooLarge, size, max)
	}
	var buf bytes.Buffer
	if size > 0 {
		buf.Grow(int(size) + bytes.MinRead) // room for the final read that sees EOF
	}
	_, err := buf.ReadFrom(io.LimitReader(r, max+1))
	b := buf.Bytes()
	if err != nil {
		return nil, fmt.Errorf("read body: %w", unwrapURLError(err))
	}
	if int64(len(b)) > max {
		return nil, fmt.Errorf("%w: over %d bytes", ErrTooLarge, max)
	}
	return b, nil
}

// unwrapURLError drops the *url.Error layer ("Get \"…\": …"): callers add
// the URL themselves, once.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		if errors.Is(ue.Err, context.DeadlineExceeded) || ue.Timeout() {
			return fmt.Errorf("timed out: %w", context.DeadlineExceeded)
		}
		return ue.Err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("timed out: %w", err)
	}
	return err
}

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if s, err := strconv.Atoi(v); err == nil {
		if s < 0 {
			return 0
		}
		return time.Duration(s) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}
