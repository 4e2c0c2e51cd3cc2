package article

import (
	"bytes"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Page chrome: the rules that tell navigation, share bars, newsletter and
// promo boxes, related-story lists, bylines and tickers from the story. The
// fast path skips everything they match inside the story's container;
// pruneChrome applies a narrower set to the whole page before go-readability.

// linkDenseShare marks a paragraph or list item as navigation when this share
// of its text is link text.
const linkDenseShare = 0.5

// chromeTag reports elements that hold page furniture, never the story.
// (A switch: it is asked for every element, and a map lookup cost more.)
func chromeTag(a atom.Atom) bool {
	switch a {
	case atom.Nav, atom.Aside, atom.Header, atom.Footer,
		atom.Form, atom.Figure, atom.Figcaption, atom.H1,
		atom.Button, atom.Dialog, atom.Menu:
		return true
	}
	return false
}

// chromeClass matches class and id values of page furniture: share bars,
// newsletter and promo boxes, related-story lists, bylines, tickers, ads.
var chromeClass = newClassMatcher(
	[]string{"share", "sharing", "social", "newsletter", "signup", "sign-up", "subscri",
		"promo", "related", "more-stories", "recommend", "byline", "author", "ticker", "advert",
		"sponsor", "comment", "breadcrumb", "caption", "credit", "sidebar", "widget", "toolbar",
		"popup", "modal", "cookie", "outbrain", "taboola", "readmore", "read-more", "alsoread",
		"also-read", "seealso", "see-also", "paywall", "disclaimer", "timestamp", "dateline",
		"breaking", "gallery", "slider", "carousel"},
	map[string]bool{"ad": true, "ads": true, "meta": true, "tag": true, "tags": true,
		"nav": true, "menu": true, "hidden": true, "print": true, "date": true, "title": true,
		"headline": true},
)

// classMatcher recognises class and id values by substrings ("social-share")
// and by whole words between spaces, hyphens and underscores ("ad", "nav"),
// which would match too much as substrings ("header", "canvas"). It is plain
// string search: a regular expression here cost a fifth of the time on large
// pages.
type classMatcher struct {
	parts []string
	words map[string]bool
	// byFirst lists the parts by their first byte, so that one pass over
	// a value finds any of them (searching for each part in turn cost a
	// twentieth of the AEB pages' time).
	byFirst *[256][]string
}

// newClassMatcher builds a classMatcher; it is never changed afterwards.
func newClassMatcher(parts []string, words map[string]bool) classMatcher {
	m := classMatcher{parts: parts, words: words, byFirst: new([256][]string)}
	for _, p := range parts {
		m.byFirst[p[0]] = append(m.byFirst[p[0]], p)
	}
	return m
}

// match reports whether the attribute value names chrome. The value is
// lowered into a buffer on the stack and split in place: strings.ToLower
// and strings.FieldsFunc allocated for every class of every element, and
// the fast path asks for each element up to three times.
func (m classMatcher) match(val string) bool {
	var buf [128]byte
	lower, ok := lowerASCII(buf[:0], val)
	if !ok {
		return m.matchLowered(strings.ToLower(val))
	}
	for i, c := range lower {
		for _, p := range m.byFirst[c] {
			if bytes.HasPrefix(lower[i:], []byte(p)) {
				return true
			}
		}
	}
	if len(m.words) == 0 {
		return false
	}
	for len(lower) > 0 {
		i := bytes.IndexAny(lower, " -_\t\n")
		if i < 0 {
			return m.words[string(lower)]
		}
		if i > 0 && m.words[string(lower[:i])] {
			return true
		}
		lower = lower[i+1:]
	}
	return false
}

// matchLowered is match on a value already lowered with strings.ToLower.
func (m classMatcher) matchLowered(val string) bool {
	for _, p := range m.parts {
		if strings.Contains(val, p) {
			return true
		}
	}
	if len(m.words) == 0 {
		return false
	}
	for _, w := range strings.FieldsFunc(val, func(r rune) bool { return r == ' ' || r == '-' || r == '_' || r == '\t' || r == '\n' }) {
		if m.words[w] {
			return true
		}
	}
	return false
}

// lowerASCII appends s to dst with ASCII letters lowered. For matching
// ASCII words that equals strings.ToLower, whose only other results in
// ASCII come from "İ" (to i) and the Kelvin sign (to k): for values with
// those, or values too long for dst's capacity, ok is false and dst unused.
func lowerASCII(dst []byte, s string) (lowered []byte, ok bool) {
	if len(s) > cap(dst)-len(dst) || strings.Contains(s, "\u0130") || strings.Contains(s, "\u212a") {
		return dst, false
	}
	dst = appendLowerASCII(dst, s)
	return dst, true
}

// chromeLead matches paragraphs that point at other stories: "Read more:",
// "Related: <headline>", a bare "Related Posts". The delimiter is required so
// that "Related charges were filed…" stays.
var chromeLead = regexp.MustCompile(`(?i)^(read more|read also|also read|see also|more on this|related( posts| stories| articles| coverage| reading| news)?|recommended( reading| stories)?|watch|listen)\s*(:|\||»|›|>|–|—|-|$)`)

// startsChromeLead reports whether n's leading text matches chromeLead.
// Every alternative starts with "rea", "rel", "rec", "als", "see", "mor",
// "wat" or "lis" in any case, where (?i) also takes "ſ" (UTF-8 0xC5 0xBF)
// for s; the first three bytes, read without gathering the text, rule out
// nearly every paragraph before the expression runs.
func startsChromeLead(n *html.Node) bool {
	var buf [3]byte
	head := leadingPrefix(buf[:0], n)
	if len(head) == 0 {
		return false
	}
	if bytes.IndexByte(head, 0xC5) < 0 {
		for i, c := range head {
			if 'A' <= c && c <= 'Z' {
				head[i] = c + 'a' - 'A'
			}
		}
		switch string(head) {
		case "rea", "rel", "rec", "als", "see", "mor", "wat", "lis":
		default:
			return false
		}
	}
	return chromeLead.MatchString(leadingText(n, 40))
}

// isChrome reports elements that are page furniture: by tag, by class or id,
// by ARIA role, hidden ones, and paragraphs or items that are mostly links or
// that point at other stories.
func isChrome(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if chromeTag(n.DataAtom) {
		return true
	}
	for _, a := range n.Attr {
		switch a.Key {
		case "class", "id":
			if chromeClass.match(a.Val) {
				return true
			}
		case "role":
			switch a.Val {
			case "navigation", "complementary", "banner", "contentinfo", "dialog":
				return true
			}
		case "hidden":
			return true
		case "aria-hidden":
			if a.Val == "true" {
				return true
			}
		}
	}
	switch n.DataAtom {
	case atom.P, atom.Li, atom.Ul, atom.Ol:
		return linkDense(n) || (n.DataAtom == atom.P && startsChromeLead(n))
	}
	return false
}

// linkDense reports whether most of n's text is link text.
func linkDense(n *html.Node) bool {
	total, inLinks := 0, 0
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, link bool) {
		switch n.Type {
		case html.TextNode:
			l := len(strings.TrimSpace(n.Data))
			total += l
			if link {
				inLinks += l
			}
			return
		case html.ElementNode:
			if skipTag(n.DataAtom) {
				return
			}
			link = link || n.DataAtom == atom.A
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, link)
		}
	}
	walk(n, false)
	return total > 0 && float64(inLinks) >= linkDenseShare*float64(total)
}

// pruneMaxShare: an element holding more than this share of the page's text
// is never removed whole; its children are judged instead.
const pruneMaxShare = 0.3

// boxClass matches class and id values of boxes that are chrome wherever
// they appear. It is narrower than chromeClass: on the whole page, layout
// wrappers carry names like "content-with-sidebar" or "elementor-widget-wrap",
// and pruning them loses the story (measured on the AEB pages).
var boxClass = newClassMatcher([]string{"newsletter", "related", "share", "social", "promo",
	"signup", "sign-up", "subscribe", "more-stories", "recommended", "comment"}, nil)

// pruneChrome removes chrome from doc before the general extractor sees it:
// newsletter, share, promo and related-story boxes, and paragraphs that point
// at other stories ("Read more: <a>…</a>"). Those are the chrome that turns
// into false claims; go-readability handles the rest of the page on its own.
func pruneChrome(doc *html.Node) {
	limit := pruneMaxShare * float64(textLen(doc))
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			if c.Type == html.ElementNode && !isContainer(c) && !isFrame(c) && isBox(c) &&
				float64(textLen(c)) <= limit {
				n.RemoveChild(c)
			} else {
				walk(c)
			}
			c = next
		}
	}
	walk(doc)
}

// isBox reports the chrome that pruneChrome removes.
func isBox(n *html.Node) bool {
	for _, a := range n.Attr {
		if (a.Key == "class" || a.Key == "id") && boxClass.match(a.Val) {
			return true
		}
	}
	switch n.DataAtom {
	case atom.P, atom.Li:
		return startsChromeLead(n) && linkDense(n)
	}
	return false
}

// isFrame reports the page's outer elements, whose classes describe the
// whole layout ("one-sidebar", "html_header_top").
func isFrame(n *html.Node) bool {
	return n.DataAtom == atom.Html || n.DataAtom == atom.Body || n.DataAtom == atom.Main
}
