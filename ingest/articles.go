package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/ingest/article"
)

// pageAccept is what an article fetch asks for.
const pageAccept = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"

// Outcomes of one item, as counted in Metrics and the fetch summary.
const (
	outFetched   = "fetched"   // the page's text is stored
	outFromFeed  = "from_feed" // the page failed; the feed's own content is stored
	outDuplicate = "duplicate" // the article was already stored under its canonical URL
	outFailed    = "failed"    // nothing usable; the item is marked failed
	outReleased  = "released"  // cancelled, or its lease went to another process
	// outQueued is no outcome yet: the article waits for the saver, which
	// reports the outcome through the job's done.
	outQueued = "queued"
)

// articleJob is one leased item on its way through an article worker.
type articleJob struct {
	it    heistwatch.Item
	saver *saver
	// done is told the item's outcome when processItem answers outQueued.
	done func(outcome string)
	// stored maps the canonical links of the item's batch to the documents
	// stored under them; nil when they were not looked up together.
	stored map[string]int64
}

// leased is an item on its way to a worker, with the documents stored
// under its batch's links (nil when they were not looked up).
type leased struct {
	it     heistwatch.Item
	stored map[string]int64
}

// docLookup is offered by stores that find many documents by URL in one
// call (store/sqldb's DB).
type docLookup interface {
	DocumentIDsByURL(ctx context.Context, urls []string) (map[string]int64, error)
}

// storedDocs looks up the documents already stored under a batch of items'
// canonical links, when the store can do that in one call; nil otherwise,
// and each worker then asks for its own item.
func (in *Ingester) storedDocs(ctx context.Context, items []heistwatch.Item) map[string]int64 {
	dl, ok := in.st.(docLookup)
	if !ok {
		return nil
	}
	urls := make([]string, 0, len(items))
	for _, it := range items {
		if link := CanonicalURL(it.Link); isHTTPURL(link) {
			urls = append(urls, link)
		}
	}
	stored, err := dl.DocumentIDsByURL(ctx, urls)
	if err != nil {
		in.log.Warn("look up stored documents", "err", err)
		return nil
	}
	return stored
}

// errNoText is a page in which the extractor found no article.
var errNoText = errors.New("no article text found on the page")

// errParse marks a page the article parser could not read; fetching it
// again would not help.
var errParse = errors.New("article parse")

// processItem fetches one leased item's article and hands it to the saver
// (answering outQueued), or marks the item and says what happened.
// Cancellation releases the item untouched.
func (in *Ingester) processItem(ctx context.Context, a *articleJob) string {
	it := a.it
	link := CanonicalURL(it.Link)
	log := in.log.With("item", it.ID, "feed", it.FeedID, "url", link)
	if !isHTTPURL(link) {
		return in.failOrFallback(ctx, a, link, fmt.Errorf("item has no usable link %q", it.Link), log)
	}
	if a.stored != nil {
		if id := a.stored[link]; id != 0 {
			return in.finishDuplicate(ctx, it, id, log)
		}
	} else if id, err := in.st.DocumentIDByURL(ctx, link); err == nil {
		return in.finishDuplicate(ctx, it, id, log)
	} else if !errors.Is(err, heistwatch.ErrNotFound) {
		return in.release(ctx, it, err, log)
	}

	var resp *Response
	var art article.Article
	var err error
	for attempt := it.Attempts; ; attempt++ {
		resp, art, err = in.fetchPage(ctx, link)
		if err == nil || ctx.Err() != nil || permanent(err) || attempt+1 >= in.cfg.Fetch.MaxAttempts {
			break
		}
		delay := retryDelay(attempt, err)
		log.Debug("article fetch failed, retrying", "err", err, "in", delay)
		if !sleep(ctx, delay) {
			break
		}
	}
	if ctx.Err() != nil {
		return in.release(ctx, it, ctx.Err(), log)
	}
	if err != nil {
		return in.failOrFallback(ctx, a, link, err, log)
	}

	// The page may live under another URL (a redirect, its canonical link)
	// that is stored already: SaveDocument then adds a version only if the
	// text changed.
	doc := heistwatch.Document{
		URL:       documentURL(link, resp.URL, art.Canonical),
		FeedID:    it.FeedID,
		ItemGUID:  it.GUID,
		Title:     firstNonEmpty(art.Title, it.Title),
		Author:    art.Author,
		SiteName:  art.SiteName,
		Published: art.Published,
		FetchedAt: in.now(),
		Text:      art.Text,
	}
	if doc.Published.IsZero() {
		doc.Published = it.Published
	}
	return in.save(a, doc, outFetched, log)
}

// fetchPage gets a page and extracts its article.
func (in *Ingester) fetchPage(ctx context.Context, link string) (*Response, article.Article, error) {
	resp, err := in.pages.Get(ctx, link, http.Header{"Accept": {pageAccept}}, acceptHTML)
	if resp != nil {
		in.Metrics.observeFetch("article", resp.Elapsed)
	}
	if err != nil {
		return resp, article.Article{}, err
	}
	art, err := article.Parse(resp.Body, resp.Header.Get("Content-Type"), resp.URL)
	if err != nil {
		if errors.Is(err, article.ErrNotHTML) {
			return resp, art, err
		}
		return resp, art, fmt.Errorf("%w: %w", errParse, err)
	}
	if strings.TrimSpace(art.Text) == "" {
		return resp, art, errNoText
	}
	return resp, art, nil
}

// acceptHTML refuses, before the body is read, a response whose declared
// type is clearly not a page (PDF, image, video, JSON, a feed).
func acceptHTML(r *http.Response) error {
	ct := r.Header.Get("Content-Type")
	if ct == "" {
		return nil
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return nil // let the parser sniff the body
	}
	switch {
	case mt == "text/html", mt == "application/xhtml+xml", mt == "text/plain",
		mt == "application/octet-stream", mt == "binary/octet-stream":
		return nil
	}
	return fmt.Errorf("%w: content type %s", article.ErrNotHTML, mt)
}

// documentURL picks the document's identity: the page's declared canonical
// URL when it is on the same site and more specific than the site's front
// page, else the URL the redirects ended at, else the item's link.
func documentURL(link, final, canonical string) string {
	u := link
	if final != "" {
		u = CanonicalURL(final)
	}
	if canonical != "" && sameSite(canonical, u) {
		c := CanonicalURL(canonical)
		if cu, err := url.Parse(c); err == nil && isHTTPURL(c) {
			fu, _ := url.Parse(u)
			if cu.Path != "/" || (fu != nil && fu.Path == "/") {
				return c
			}
		}
	}
	return u
}

// failOrFallback ends an item whose page could not be used: with the feed's
// own content when it has some, otherwise as failed with the reason.
func (in *Ingester) failOrFallback(ctx context.Context, a *articleJob, link string, cause error, log *slog.Logger) string {
	it := a.it
	text := htmlText(firstNonEmpty(it.Content, it.Summary))
	if text != "" {
		docURL := link
		if !isHTTPURL(docURL) {
			docURL = "urn:heistwatch:item:" + fmt.Sprint(it.FeedID) + ":" + it.GUID
		}
		log.Info("page unusable, storing the feed's own content", "reason", cause.Error())
		doc := heistwatch.Document{
			URL:       docURL,
			FeedID:    it.FeedID,
			ItemGUID:  it.GUID,
			Title:     it.Title,
			Published: it.Published,
			FetchedAt: in.now(),
			Text:      text,
			FromFeed:  true,
		}
		return in.save(a, doc, outFromFeed, log)
	}
	log.Warn("article failed", "reason", cause.Error())
	if err := in.st.FailItem(context.WithoutCancel(ctx), it.ID, in.owner, truncate(cause.Error(), 500), 1); err != nil {
		log.Warn("could not mark item failed", "err", err)
	} else {
		in.journal.done(it.ID)
	}
	return outFailed
}

// save runs the extractor and queues the document, its claims and the
// item's new state for the saver, which stores them in one transaction and
// then reports the outcome.
func (in *Ingester) save(a *articleJob, doc heistwatch.Document, outcome string, log *slog.Logger) string {
	sum := sha256.Sum256([]byte(doc.Text))
	doc.ContentHash = hex.EncodeToString(sum[:])
	it := a.it
	a.saver.save(&saveReq{itemID: it.ID, doc: doc, claims: in.extract(doc, log), stored: func(changed bool, err error) {
		switch {
		case err != nil:
			log.Warn("store document", "err", err)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			if ferr := in.st.ReleaseItem(ctx, it.ID, in.owner); ferr != nil {
				log.Warn("release item", "err", ferr)
			} else {
				in.journal.done(it.ID)
			}
			a.done(outFailed)
		case !changed:
			// Another item stored the same text under this URL meanwhile.
			in.journal.done(it.ID)
			a.done(outDuplicate)
		default:
			in.journal.done(it.ID)
			a.done(outcome)
		}
	}})
	return outQueued
}

// extract runs the injected extractor; a panic in it costs the claims of
// one document (logged), never the process or the document.
func (in *Ingester) extract(doc heistwatch.Document, log *slog.Logger) (claims []heistwatch.Claim) {
	if in.cfg.Extract == nil || doc.Text == "" {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			log.Warn("extractor panicked; document stored without claims", "panic", fmt.Sprint(r))
			claims = nil
		}
	}()
	return in.cfg.Extract(doc)
}

func (in *Ingester) finishDuplicate(ctx context.Context, it heistwatch.Item, docID int64, log *slog.Logger) string {
	err := in.st.FinishItem(context.WithoutCancel(ctx), it.ID, in.owner, heistwatch.ItemDuplicate,
		fmt.Sprintf("already stored as document %d", docID))
	if err != nil {
		log.Warn("finish duplicate item", "err", err)
	} else {
		in.journal.done(it.ID)
	}
	return outDuplicate
}

// release gives a leased item back untouched for a later run.
func (in *Ingester) release(ctx context.Context, it heistwatch.Item, cause error, log *slog.Logger) string {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := in.st.ReleaseItem(rctx, it.ID, in.owner); err != nil {
		log.Warn("release item", "err", err, "cause", cause)
	} else {
		in.journal.done(it.ID)
	}
	return outReleased
}

// permanent reports errors a retry will not fix.
func permanent(err error) bool {
	var he *HTTPError
	if errors.As(err, &he) {
		return he.Status != http.StatusTooManyRequests && he.Status != http.StatusRequestTimeout && he.Status < 500
	}
	return errors.Is(err, ErrPrivateAddress) || errors.Is(err, ErrTooLarge) || errors.Is(err, ErrRedirectLoop) ||
		errors.Is(err, ErrTooManyRedirects) || errors.Is(err, article.ErrNotHTML) || errors.Is(err, errNoText) ||
		errors.Is(err, errParse) || errors.Is(err, ErrBadURL)
}

// retryDelay waits half a second, doubling per attempt up to 5 s, or the
// server's Retry-After when that is longer (up to 10 s; a longer wait ends
// the tries and the item falls back to the feed's content).
func retryDelay(attempt int, err error) time.Duration {
	d := 500 * time.Millisecond << min(attempt, 4)
	d = min(d, 5*time.Second)
	var he *HTTPError
	if errors.As(err, &he) && he.RetryAfter > d {
		d = min(he.RetryAfter, 10*time.Second)
	}
	return d
}

// sleep waits d or until ctx is done; it reports whether the wait completed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

func isHTTPURL(s string) bool {
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://")
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
