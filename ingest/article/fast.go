package article

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// The fast path. Most news pages mark their story up plainly: one <article>
// (or an element with itemprop="articleBody") that holds nearly all of the
// page's paragraph text. On such pages the story is that container minus its
// chrome, and reading it takes a fraction of the general extractor's time.
// Pages that do not fit that shape go to go-readability.

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
)

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
	w := textWriter{
		skip: func(n *html.Node) bool { return n != root && isChrome(n) },
		// The text is mostly the paragraphs' and, when it is not,
		// fastMaxLooseRatio refuses it.
		sizeHint: rootChars + rootChars/4 + 256,
	}
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
		if skipTag(n.DataAtom) {
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
		if c.Type != html.ElementNode || skipTag(c.DataAtom) {
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
		if c.Type == html.ElementNode && !skipTag(c.DataAtom) {
			sum += allParagraphChars(c)
		}
	}
	return sum
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

// textLen is the length in bytes of the text under n, white space trimmed.
func textLen(n *html.Node) int {
	if n.Type == html.TextNode {
		return len(strings.TrimSpace(n.Data))
	}
	if n.Type == html.ElementNode && skipTag(n.DataAtom) {
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

// leadingPrefix fills dst (up to its capacity) with the start of
// leadingText(n, max) for any max >= cap(dst), without building it.
func leadingPrefix(dst []byte, n *html.Node) []byte {
	for c := n.FirstChild; c != nil && len(dst) < cap(dst); c = c.NextSibling {
		if c.Type == html.TextNode {
			t := c.Data
			for t != "" && (t[0] == ' ' || t[0] == '\t' || t[0] == '\r' || t[0] == '\n') {
				t = t[1:]
			}
			dst = append(dst, t[:min(len(t), cap(dst)-len(dst))]...)
		}
		dst = leadingPrefix(dst, c)
	}
	return dst
}
