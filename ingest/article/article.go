// Package article turns a fetched HTML page into its main text and metadata:
// the story without navigation, share bars, newsletter boxes, related-story
// lists or footers, with paragraphs kept apart so sentences survive.
package article

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// ErrNotHTML is returned (wrapped, with the reason) for bodies that are not an
// HTML page we can read: JSON, PDF, images, feeds, plain text, an empty body,
// or HTML that cannot be decoded or parsed. Every error Parse returns wraps
// it, and each is permanent: the same bytes fail the same way again, so
// callers fall back to the feed's content instead of refetching.
var ErrNotHTML = errors.New("not an HTML page")

// Article is what a page says about itself plus its main text.
type Article struct {
	Title string
	// Canonical is the page's declared canonical URL (link rel=canonical or
	// og:url) made absolute, or pageURL when the page declares none.
	Canonical   string
	Author      string
	SiteName    string
	Description string
	// Language is the primary language subtag ("en"), empty when undeclared.
	Language  string
	Published time.Time // zero when unknown
	// Text is the main text: paragraphs separated by a blank line ("\n\n"), no
	// page chrome. It is empty when the page has no recognisable article;
	// callers then fall back to the feed item's own content.
	Text string
}

// Parse extracts the article from an HTML page. body is the raw response body,
// contentType the response's Content-Type header (for the charset), pageURL the
// final URL after redirects. It returns ErrNotHTML (wrapped, with the reason)
// for bodies that are not HTML. A page without a recognisable article is not
// an error: Text is then empty.
func Parse(body []byte, contentType, pageURL string) (Article, error) {
	if err := checkHTML(body, contentType); err != nil {
		return Article{}, err
	}
	doc, err := decodeHTML(body, contentType)
	if err != nil {
		return Article{}, err
	}
	base, err := url.Parse(pageURL)
	if err != nil {
		base = nil
	}
	a := metadata(doc, base)
	text, err := mainText(doc)
	if err != nil {
		return Article{}, fmt.Errorf("extract main text: %w", err)
	}
	a.Text = dropBoilerplate(dropLeadingLines(text, a.Title))
	a.sanitize()
	return a, nil
}

// leadLine matches short opening paragraphs that are a byline or a
// timestamp rather than story: "By Ana Lima", "Updated 5:27 am".
var leadLine = regexp.MustCompile(`^(By|BY|by) \p{Lu}|^(Published|Updated|Posted|Last updated)\b`)

// maxLeadLine bounds the length of a byline or timestamp paragraph.
const maxLeadLine = 100

// dropLeadingLines removes opening paragraphs that repeat the headline (it is
// kept in Article.Title and would be counted twice) or that are a byline or
// timestamp.
func dropLeadingLines(text, title string) string {
	for range 3 {
		first, rest, _ := strings.Cut(text, "\n\n")
		switch {
		case title != "" && strings.EqualFold(collapse(first), collapse(title)):
		case len(first) <= maxLeadLine && leadLine.MatchString(first):
		default:
			return text
		}
		text = rest
	}
	return text
}

// boilerplateLine matches whole short paragraphs that are page furniture
// left inside the story: ad labels, "Close", "3 comments", share prompts,
// tag lists.
var boilerplateLine = regexp.MustCompile(`(?is)^(advert(isement)?|sponsored( content)?|close|comments?|\d+ comments?|share( this)?( on \w+| article| story| post)?|this slideshow requires javascript\.?|tags?\s*(:|\n).*)$`)

// stampLine matches a publication stamp: "Updated 5:27 am PST, Nov 20, 2019",
// "First Published on Nov 20, 2019". Only short paragraphs are stamps.
var stampLine = regexp.MustCompile(`(?i)^(first published|published|updated|posted|last updated)(\s+on|\s+at|:)?\s+(\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)`)

// maxStamp bounds the length of a publication stamp paragraph.
const maxStamp = 80

// footerLine matches copyright notices, contact lines and bare links.
var footerLine = regexp.MustCompile(`(?i)^(https?://\S+|(write to|contact|have a tip\?).*@\S+\.\S+)$|©|all rights reserved`)

// maxFooter bounds the length of a paragraph judged as a footer line.
const maxFooter = 160

// newsletterPitch matches a newsletter sign-up pitch.
var newsletterPitch = regexp.MustCompile(`(?i)newsletter.*(subscribe|sign up|inbox)|(subscribe|sign up).*newsletter`)

// maxBoilerplate bounds the length of a paragraph judged as boilerplate.
const maxBoilerplate = 250

// dropBoilerplate removes short paragraphs that are page furniture rather
// than story, wherever they sit in the text.
func dropBoilerplate(text string) string {
	paras := strings.Split(text, "\n\n")
	kept := paras[:0]
	for _, p := range paras {
		if !isBoilerplate(p) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "\n\n")
}

// isBoilerplate reports whether a paragraph is furniture. Cheap length and
// word checks come first: the expressions would otherwise cost more than
// the rest of the fast path.
func isBoilerplate(p string) bool {
	if len(p) > maxBoilerplate {
		return false
	}
	lower := strings.ToLower(p)
	return (len(p) <= 60 || strings.HasPrefix(lower, "tag")) && boilerplateLine.MatchString(p) ||
		strings.Contains(lower, "newsletter") && newsletterPitch.MatchString(p) ||
		len(p) <= maxStamp && stampLine.MatchString(p) ||
		len(p) <= maxFooter && footerLine.MatchString(p)
}

// sanitize makes every field valid UTF-8: a page that lies about its charset
// must not poison the store (PostgreSQL rejects invalid UTF-8).
func (a *Article) sanitize() {
	for _, p := range []*string{&a.Title, &a.Canonical, &a.Author, &a.SiteName, &a.Description, &a.Language, &a.Text} {
		*p = strings.ToValidUTF8(*p, "\uFFFD")
	}
}
