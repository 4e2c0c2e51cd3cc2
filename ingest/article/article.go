// Package article turns a fetched HTML page into its main text and metadata:
// the story without navigation, share bars, newsletter boxes, related-story
// lists or footers, with paragraphs kept apart so sentences survive.
package article

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
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
		case title != "" && equalFoldCollapsed(first, title):
		case len(first) <= maxLeadLine && maybeLeadLine(first) && leadLine.MatchString(first):
		default:
			return text
		}
		text = rest
	}
	return text
}

// maybeLeadLine is false for paragraphs leadLine cannot match: it saves
// running the expression on every story's first paragraph.
func maybeLeadLine(p string) bool {
	return p != "" && strings.IndexByte("BbPUL", p[0]) >= 0
}

// equalFoldCollapsed reports whether collapse(a) and collapse(b) are equal
// under Unicode case folding (strings.EqualFold), without building them:
// the white-space-separated fields must pair up one to one.
func equalFoldCollapsed(a, b string) bool {
	for {
		fa, ra := nextField(a)
		fb, rb := nextField(b)
		if fa == "" || fb == "" {
			return fa == fb
		}
		if !strings.EqualFold(fa, fb) {
			return false
		}
		a, b = ra, rb
	}
}

// nextField returns the first field of s as strings.Fields splits it, and
// the rest of s after it; field is "" when s has no more fields.
func nextField(s string) (field, rest string) {
	start := strings.IndexFunc(s, func(r rune) bool { return !unicode.IsSpace(r) })
	if start < 0 {
		return "", ""
	}
	s = s[start:]
	end := strings.IndexFunc(s, unicode.IsSpace)
	if end < 0 {
		return s, ""
	}
	return s[:end], s[end:]
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
// than story, wherever they sit in the text. The text is returned as it is
// when nothing is dropped, the common case; paragraphs are split on "\n\n"
// and the kept ones joined again as strings.Split and strings.Join would.
func dropBoilerplate(text string) string {
	var b strings.Builder
	dropped := false
	kept := 0 // paragraphs kept so far
	for start := 0; ; {
		end := strings.Index(text[start:], "\n\n")
		p := text[start:]
		if end >= 0 {
			p = p[:end]
		}
		switch {
		case isBoilerplate(p):
			if !dropped {
				dropped = true
				b.Grow(len(text))
				if kept > 0 { // every paragraph before p, as they were joined
					b.WriteString(text[:start-len("\n\n")])
				}
			}
		case dropped:
			if kept > 0 {
				b.WriteString("\n\n")
			}
			b.WriteString(p)
			kept++
		default:
			kept++
		}
		if end < 0 {
			break
		}
		start += end + len("\n\n")
	}
	if !dropped {
		return text
	}
	return b.String()
}

// isBoilerplate reports whether a paragraph is furniture. Cheap length,
// word and first-letter checks come first: the expressions would otherwise
// cost more than the rest of the fast path. Each check is one the
// expression's match implies, so the result is the expressions' alone
// (TestIsBoilerplateShortcuts compares them on every AEB paragraph).
func isBoilerplate(p string) bool {
	if len(p) > maxBoilerplate || p == "" {
		return false
	}
	var buf [maxBoilerplate]byte
	lower := appendLowerASCII(buf[:0], p)
	// (?i) matches s as "ſ" too; the word checks below do not, so a
	// paragraph with one goes to the expressions.
	longS := bytes.Contains(lower, []byte("\u017f"))
	return (len(p) <= 60 || bytes.HasPrefix(lower, []byte("tag"))) && (longS || maybeBoilerplateLine(lower)) && boilerplateLine.MatchString(p) ||
		bytes.Contains(lower, []byte("newsletter")) && newsletterPitch.MatchString(p) ||
		len(p) <= maxStamp && (longS || maybeStampLine(lower)) && stampLine.MatchString(p) ||
		len(p) <= maxFooter && maybeFooterLine(lower) && footerLine.MatchString(p)
}

// The maybe functions below take the paragraph with its ASCII letters
// lowered and are false when the expression cannot match: each checks the
// words every alternative of it starts with. Their words hold no k (the
// Kelvin sign folds to it), and s (ſ folds to it) is left to the caller.

// maybeBoilerplateLine is the check for boilerplateLine.
func maybeBoilerplateLine(lower []byte) bool {
	if '0' <= lower[0] && lower[0] <= '9' {
		return true
	}
	for _, w := range []string{"advert", "sponsored", "close", "comment", "share", "this slideshow", "tag"} {
		if bytes.HasPrefix(lower, []byte(w)) {
			return true
		}
	}
	return false
}

// maybeStampLine is the check for stampLine.
func maybeStampLine(lower []byte) bool {
	for _, w := range []string{"first published", "published", "updated", "posted", "last updated"} {
		if bytes.HasPrefix(lower, []byte(w)) {
			return true
		}
	}
	return false
}

// maybeFooterLine is the check for footerLine: a leading link, a contact
// line (which needs an @), a "©" or "all rights reserved". Its words hold
// no s either.
func maybeFooterLine(lower []byte) bool {
	return bytes.HasPrefix(lower, []byte("http")) ||
		bytes.IndexByte(lower, '@') >= 0 && (bytes.HasPrefix(lower, []byte("write to")) ||
			bytes.HasPrefix(lower, []byte("contact")) || bytes.HasPrefix(lower, []byte("have a tip?"))) ||
		bytes.Contains(lower, []byte("©")) || bytes.Contains(lower, []byte("all right"))
}

// appendLowerASCII appends s to dst with its ASCII letters lowered. For
// finding ASCII words without i or k, that equals searching
// strings.ToLower(s): only "İ" and the Kelvin sign lower to ASCII letters.
func appendLowerASCII(dst []byte, s string) []byte {
	n := len(dst)
	dst = append(dst, s...)
	b := dst[n:]
	for len(b) >= 8 { // eight bytes at a time
		x := binary.LittleEndian.Uint64(b)
		binary.LittleEndian.PutUint64(b, x|upperMask(x)>>2)
		b = b[8:]
	}
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return dst
}

// upperMask returns 0x80 in each byte of x that is an ASCII capital letter,
// 0 in the others. Each byte's low seven bits plus a constant overflows
// into bit 7 exactly when they are >= 'A' (respectively > 'Z'), with no
// carry into the next byte; bytes with bit 7 set are not ASCII.
func upperMask(x uint64) uint64 {
	const ones = 0x0101010101010101
	low := x & (0x7f * ones)
	geA := low + (0x80-'A')*ones
	gtZ := low + (0x80-'Z'-1)*ones
	return geA &^ gtZ &^ x & (0x80 * ones)
}

// sanitize makes every field valid UTF-8: a page that lies about its charset
// must not poison the store (PostgreSQL rejects invalid UTF-8).
func (a *Article) sanitize() {
	for _, p := range []*string{&a.Title, &a.Canonical, &a.Author, &a.SiteName, &a.Description, &a.Language, &a.Text} {
		// ToValidUTF8 returns valid text as it is, but decodes it rune by
		// rune to find out; ValidString checks eight ASCII bytes at a time.
		if !utf8.ValidString(*p) {
			*p = strings.ToValidUTF8(*p, "\uFFFD")
		}
	}
}
