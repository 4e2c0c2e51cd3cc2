package ingest

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/filter"
)

// feedAccept is what a poll asks for.
const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

// minBackoff is the first retry delay of a failing feed; it doubles with
// every further error up to Fetch.MaxBackoff.
const minBackoff = time.Minute

// pollOutcome is what one poll did, for counters and logs.
type pollOutcome struct {
	status      string // "ok", "not_modified" or "error"
	err         error
	items       int
	elapsed     time.Duration
	permanentTo string // the new URL after a permanent redirect
}

// poll fetches and parses one feed and returns the PollResult to record. It
// never fails: an error becomes the feed's new error state.
func (in *Ingester) poll(ctx context.Context, f heistwatch.Feed, jitter bool) (heistwatch.PollResult, pollOutcome) {
	now := in.now()
	next := in.nextPoll(f, now, jitter)
	res := heistwatch.PollResult{Owner: in.owner, Feed: f}
	res.Feed.LastPollAt = now

	hdr := http.Header{"Accept": {feedAccept}}
	if f.ETag != "" {
		hdr.Set("If-None-Match", f.ETag)
	}
	if f.LastModified != "" {
		hdr.Set("If-Modified-Since", f.LastModified)
	}
	resp, err := in.feeds.Get(ctx, f.URL, hdr, nil)
	var out pollOutcome
	if resp != nil {
		out.elapsed = resp.Elapsed
	}
	if err == nil && resp.Status == http.StatusNotModified {
		res.Feed.ErrorCount, res.Feed.LastError = 0, ""
		res.Feed.LastOKAt, res.Feed.NextPollAt = now, next
		if v := resp.Header.Get("ETag"); v != "" {
			res.Feed.ETag = v
		}
		if v := resp.Header.Get("Last-Modified"); v != "" {
			res.Feed.LastModified = v
		}
		out.status = "not_modified"
		return res, out
	}
	var parsed *gofeed.Feed
	if err == nil {
		parsed, err = parseFeed(resp.Body, resp.Header.Get("Content-Type"))
	}
	if err != nil {
		out.status, out.err = "error", err
		res.Feed.ErrorCount = f.ErrorCount + 1
		res.Feed.LastError = truncate(err.Error(), 500)
		res.Feed.NextPollAt = in.backoff(res.Feed.ErrorCount, now, next, err)
		return res, out
	}

	res.Feed.ErrorCount, res.Feed.LastError = 0, ""
	res.Feed.LastOKAt, res.Feed.NextPollAt = now, next
	res.Feed.ETag = resp.Header.Get("ETag")
	res.Feed.LastModified = resp.Header.Get("Last-Modified")
	if t := strings.TrimSpace(parsed.Title); t != "" {
		res.Feed.Title = truncate(t, 300)
	}
	if resp.Permanent && resp.URL != f.URL {
		res.Feed.URL = resp.URL
		out.permanentTo = resp.URL
	}
	flt, ferr := filter.Parse(f.Filter)
	if ferr != nil {
		// A filter that no longer parses must not let every item through
		// silently; the feed is flagged and nothing is recorded.
		out.status, out.err = "error", fmt.Errorf("feed filter: %w", ferr)
		res.Feed.ErrorCount = f.ErrorCount + 1
		res.Feed.LastError = out.err.Error()
		return res, out
	}
	res.Items = feedItems(parsed, resp.URL, flt)
	out.status, out.items = "ok", len(res.Items)
	return res, out
}

// parseFeed decodes a feed body of any supported format and charset.
func parseFeed(body []byte, contentType string) (*gofeed.Feed, error) {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	if len(trimmed) == 0 {
		return nil, errors.New("not a feed: empty body")
	}
	p := gofeed.NewParser()
	feed, err := p.Parse(bytes.NewReader(feedUTF8(body, contentType)))
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return nil, fmt.Errorf("not a feed: %s", describeBody(trimmed, contentType))
	}
	if err != nil {
		return nil, fmt.Errorf("malformed feed: %w", err)
	}
	return feed, nil
}

// describeBody says what a body that is not a feed looks like.
func describeBody(b []byte, contentType string) string {
	head := bytes.ToLower(b[:min(len(b), 512)])
	switch {
	case bytes.Contains(head, []byte("<html")) || bytes.HasPrefix(head, []byte("<!doctype html")):
		return "the page is HTML (" + contentType + ")"
	case contentType != "":
		return "no RSS, Atom or JSON Feed root (" + contentType + ")"
	}
	return "no RSS, Atom or JSON Feed root"
}

// feedItems turns parsed entries into items, links made absolute and
// canonical, each pending or filtered by the feed's filter.
func feedItems(feed *gofeed.Feed, feedURL string, flt filter.Filter) []heistwatch.Item {
	base, _ := url.Parse(feedURL)
	if feed.Link != "" && base != nil {
		if l, err := base.Parse(feed.Link); err == nil && l.Host != "" {
			base = l
		}
	}
	items := make([]heistwatch.Item, 0, len(feed.Items))
	seen := make(map[string]bool, len(feed.Items))
	for _, gi := range feed.Items {
		if gi == nil {
			continue
		}
		link := strings.TrimSpace(gi.Link)
		if link == "" && len(gi.Links) > 0 {
			link = strings.TrimSpace(gi.Links[0])
		}
		if link != "" && base != nil {
			if u, err := base.Parse(link); err == nil {
				link = u.String()
			}
		}
		if link != "" {
			link = CanonicalURL(link)
		}
		title := strings.Join(strings.Fields(html.UnescapeString(stripTags(gi.Title))), " ")
		guid := strings.TrimSpace(gi.GUID)
		if guid == "" {
			guid = link
		}
		if guid == "" {
			sum := sha256.Sum256([]byte(title + "\x00" + gi.Published + "\x00" + gi.Description))
			guid = "sha256:" + hex.EncodeToString(sum[:12])
		}
		if seen[guid] {
			continue
		}
		seen[guid] = true
		it := heistwatch.Item{
			GUID:    truncate(guid, 2000),
			Link:    link,
			Title:   truncate(title, 1000),
			Summary: strings.TrimSpace(gi.Description),
			Content: strings.TrimSpace(gi.Content),
			State:   heistwatch.ItemPending,
		}
		switch {
		case gi.PublishedParsed != nil:
			it.Published = gi.PublishedParsed.UTC()
		case gi.UpdatedParsed != nil:
			it.Published = gi.UpdatedParsed.UTC()
		}
		if ok, _ := flt.Match(it.Title, html.UnescapeString(stripTags(it.Summary))); !ok {
			it.State = heistwatch.ItemFiltered
		}
		items = append(items, it)
	}
	return items
}

// nextPoll is when a feed is due after a successful poll: its schedule's next
// time, plus up to Fetch.Jitter for the daemon so feeds do not fire together.
func (in *Ingester) nextPoll(f heistwatch.Feed, now time.Time, jitter bool) time.Time {
	next := in.schedule(f.Schedule).Next(now)
	if jitter && in.cfg.Fetch.Jitter > 0 {
		next = next.Add(rand.N(in.cfg.Fetch.Jitter))
	}
	return next
}

// backoff is when a failing feed is tried again: its usual interval (at
// least minBackoff) doubled for every error after the first, up to
// MaxBackoff, and never before the server's Retry-After.
func (in *Ingester) backoff(count int, now, scheduled time.Time, err error) time.Time {
	d := max(scheduled.Sub(now), minBackoff)
	for i := 1; i < count && d < in.cfg.Fetch.MaxBackoff; i++ {
		d *= 2
	}
	d = min(d, in.cfg.Fetch.MaxBackoff)
	next := now.Add(d)
	var he *HTTPError
	if errors.As(err, &he) && he.RetryAfter > 0 {
		if ra := now.Add(min(he.RetryAfter, in.cfg.Fetch.MaxBackoff)); ra.After(next) {
			next = ra
		}
	}
	return next
}

// stripTags removes markup from a title or summary so the filter sees words.
func stripTags(s string) string {
	if !strings.Contains(s, "<") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
			b.WriteByte(' ')
		case r == '>' && in:
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// truncate cuts s to at most n bytes on a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

func utf8RuneStart(b byte) bool { return b&0xC0 != 0x80 }
