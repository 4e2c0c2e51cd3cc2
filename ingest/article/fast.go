package article

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The fast path. Most news pages mark their story up plainly: one <article>
// (or an element with itemprop="articleBody") that holds nearly all of the
// page's paragraph text. On such pages the story is that container minus its
// chrome, and reading it takes a fraction of go-trafilatura's time (which
// spends half of it detecting the language). Pages that do not fit that
// shape go to go-trafilatura.

// Thresholds of the fast path.
const (
	// fastMinChars is the least paragraph text a container must hold.
	fastMinChars = 250
	// fastMinShare is the least share of the page's paragraph text the
	// container must hold; below it, text outside (a second story, a split
	// body) could be lost or the container could be a teaser.
	fastMinShare = 0.85
	// fastMaxLooseRatio bounds the rendered text against the container's
	// paragraph text: more text than that outside <p> (link lists, widgets,
	// tables of prices) is left to the general extractor.
	fastMaxLooseRatio = 1.3
	// fastMinKept is the least share of the container's paragraph text that
	// must survive the chrome rules; less means a wrapper of the story was
	// taken for chrome ("entry-content has-related-posts").
	fastMinKept = 0.6
	// linkDenseShare marks a paragraph or list item as navigation when this
	// share of its text is link text.
	linkDenseShare = 0.5
)

// chromeTags are elements that hold page furniture, never the story.
var chromeTags = map[atom.Atom]bool{
	atom.Nav: true, atom.Aside: true, atom.Header: true, atom.Footer: true,
	atom.Form: true, atom.Figure: true, atom.Figcaption: true, atom.H1: true,
	atom.Button: true, atom.Dialog: true, atom.Menu: true,
}

// chromeClass matches class and id values of page furniture: share bars,
// newsletter and promo boxes, related-story lists, bylines, tickers, ads.
var chromeClass = classMatcher{
	parts: []string{"share", "sharing", "social", "newsletter", "signup", "sign-up", "subscri",
		"promo", "related", "more-stories", "recommend", "byline", "author", "ticker", "advert",
		"sponsor", "comment", "breadcrumb", "caption", "credit", "sidebar", "widget", "toolbar",
		"popup", "modal", "cookie", "outbrain", "taboola", "readmore", "read-more", "alsoread",
		"also-read", "seealso", "see-also", "paywall", "disclaimer", "timestamp", "dateline",
		"breaking", "gallery", "slider", "carousel"},
	words: map[string]bool{"ad": true, "ads": true, "meta": true, "tag": true, "tags": true,
		"nav": true, "menu": true, "hidden": true, "print": true, "date": true, "title": true,
		"headline": true},
}

// classMatcher recognises class and id values by substrings ("social-share")
// and by whole words between spaces, hyphens and underscores ("ad", "nav"),
// which would match too much as substrings ("header", "canvas"). It is plain
// string search: a regular expression here cost a fifth of the time on large
// pages.
type classMatcher struct {
	parts []string
	words map[string]bool
}

// match reports whether the attribute value names chrome.
func (m classMatcher) match(val string) bool {
	val = strings.ToLower(val)
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

// chromeLead matches paragraphs that point at other stories: "Read more:",
// "Related: <headline>", a bare "Related Posts". The delimiter is required so
// that "Related charges were filed…" stays.
var chromeLead = regexp.MustCompile(`(?i)^(read more|read also|also read|see also|more on this|related( posts| stories| articles| coverage| reading| news)?|recommended( reading| stories)?|watch|listen)\s*(:|\||»|›|>|–|—|-|$)`)

// fastText returns the story's text when the page has the plain shape the
// fast path handles, and ok=false otherwise.
func fastText(doc *html.Node) (string, bool) {
	var cands []*html.Node
	var pageChars int
	collectCandidates(doc, false, &cands, &pageChars)
	if pageChars < fastMinChars {
		return "", false
	}
	var root *html.Node
	rootChars := 0
	for _, c := range cands {
		n := paragraphChars(c, false)
		if n < fastMinChars || float64(n) < fastMinShare*float64(pageChars) {
			continue
		}
		// Of the containers that hold the story, take the innermost.
		if root == nil || isAncestor(root, c) {
			root, rootChars = c, n
		}
	}
	if root == nil || float64(rootChars) < fastMinKept*float64(allParagraphChars(root)) {
		return "", false
	}
	w := textWriter{skip: func(n *html.Node) bool { return n != root && isChrome(n) }}
	text := w.render(root)
	if float64(len(text)) > fastMaxLooseRatio*float64(rootChars)+200 {
		return "", false
	}
	return text, true
}

// collectCandidates finds story containers and sums the page's paragraph
// text outside chrome.
func collectCandidates(n *html.Node, inChrome bool, cands *[]*html.Node, pageChars *int) {
	if n.Type == html.ElementNode {
		if skipTags[n.DataAtom] {
			return
		}
		if isContainer(n) {
			// A story container is never chrome by its own class
			// ("post has-comments"), only inside chrome.
			if !inChrome {
				*cands = append(*cands, n)
			}
		} else {
			inChrome = inChrome || isChrome(n)
		}
		if n.DataAtom == atom.P && !inChrome {
			*pageChars += textLen(n)
			return
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		collectCandidates(c, inChrome, cands, pageChars)
	}
}

// paragraphChars sums the text of <p> elements under n outside chrome.
func paragraphChars(n *html.Node, inChrome bool) int {
	sum := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || skipTags[c.DataAtom] {
			continue
		}
		chrome := inChrome || isChrome(c)
		if c.DataAtom == atom.P {
			if !chrome {
				sum += textLen(c)
			}
			continue
		}
		sum += paragraphChars(c, chrome)
	}
	return sum
}

// allParagraphChars sums the text of every <p> under n, chrome or not.
func allParagraphChars(n *html.Node) int {
	if n.Type == html.ElementNode && n.DataAtom == atom.P {
		return textLen(n)
	}
	sum := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && !skipTags[c.DataAtom] {
			sum += allParagraphChars(c)
		}
	}
	return sum
}

// isChrome reports elements that are page furniture: by tag, by class or id,
// by ARIA role, hidden ones, and paragraphs or items that are mostly links or
// that point at other stories.
func isChrome(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if chromeTags[n.DataAtom] {
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
		return linkDense(n) || (n.DataAtom == atom.P && chromeLead.MatchString(leadingText(n, 40)))
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
			if skipTags[n.DataAtom] {
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

// textLen is the length in bytes of the text under n, white space trimmed.
func textLen(n *html.Node) int {
	if n.Type == html.TextNode {
		return len(strings.TrimSpace(n.Data))
	}
	if n.Type == html.ElementNode && skipTags[n.DataAtom] {
		return 0
	}
	sum := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		sum += textLen(c)
	}
	return sum
}

// leadingText returns up to max bytes of n's text, for prefix checks.
func leadingText(n *html.Node, max int) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil && b.Len() < max; c = c.NextSibling {
			if c.Type == html.TextNode {
				b.WriteString(strings.TrimLeft(c.Data, " \t\r\n"))
			}
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// isContainer reports elements that declare themselves the story.
func isContainer(n *html.Node) bool {
	return n.DataAtom == atom.Article || hasAttr(n, "itemprop", "articleBody")
}

// hasAttr reports whether n has attribute key with value val.
func hasAttr(n *html.Node, key, val string) bool {
	for _, a := range n.Attr {
		if a.Key == key && a.Val == val {
			return true
		}
	}
	return false
}

// isAncestor reports whether a is an ancestor of n.
func isAncestor(a, n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p == a {
			return true
		}
	}
	return false
}

// pruneMaxShare: an element holding more than this share of the page's text
// is never removed whole; its children are judged instead.
const pruneMaxShare = 0.3

// boxClass matches class and id values of boxes that are chrome wherever
// they appear. It is narrower than chromeClass: on the whole page, layout
// wrappers carry names like "content-with-sidebar" or "elementor-widget-wrap",
// and pruning them loses the story (measured on the AEB pages).
var boxClass = classMatcher{parts: []string{"newsletter", "related", "share", "social", "promo",
	"signup", "sign-up", "subscribe", "more-stories", "recommended", "comment"}}

// pruneChrome removes chrome from doc before the general extractor sees it:
// newsletter, share, promo and related-story boxes, and paragraphs that point
// at other stories ("Read more: <a>…</a>"). Those are the chrome that turns
// into false claims; go-trafilatura handles the rest of the page on its own.
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
		return chromeLead.MatchString(leadingText(n, 40)) && linkDense(n)
	}
	return false
}

// isFrame reports the page's outer elements, whose classes describe the
// whole layout ("one-sidebar", "html_header_top").
func isFrame(n *html.Node) bool {
	return n.DataAtom == atom.Html || n.DataAtom == atom.Body || n.DataAtom == atom.Main
}
