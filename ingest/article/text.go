package article

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTag reports elements that end the running paragraph before and after
// themselves, so the text keeps the page's paragraph structure instead of
// one run-on line. (A switch: it is asked for every element, and a map
// lookup cost more.)
func blockTag(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote,
		atom.Caption, atom.Dd, atom.Details, atom.Div, atom.Dl,
		atom.Dt, atom.Fieldset, atom.Figcaption, atom.Figure,
		atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3,
		atom.H4, atom.H5, atom.H6, atom.Header, atom.Hr,
		atom.Li, atom.Main, atom.Nav, atom.Ol, atom.P,
		atom.Pre, atom.Section, atom.Summary, atom.Table,
		atom.Tbody, atom.Thead, atom.Tfoot, atom.Tr, atom.Ul,
		atom.Body, atom.Html:
		return true
	}
	return false
}

// skipTag reports elements that never hold readable text.
func skipTag(a atom.Atom) bool {
	switch a {
	case atom.Script, atom.Style, atom.Noscript, atom.Template,
		atom.Head, atom.Iframe, atom.Object, atom.Svg,
		atom.Math, atom.Select, atom.Button, atom.Input,
		atom.Textarea, atom.Canvas, atom.Video, atom.Audio:
		return true
	}
	return false
}

// textWriter collects paragraphs. Runs of white space inside a paragraph become
// one space; <br> becomes a line break inside the paragraph.
type textWriter struct {
	// skip, when set, drops whole subtrees (page chrome).
	skip func(*html.Node) bool
	// softInline marks inline element edges as word breaks. Extractors that
	// rebuild the tree trim the white space around <a>, <b> and the like, so
	// without this "the <b>bridge</b> lost" would read "thebridgelost".
	softInline bool

	// sizeHint, when set, is the expected length of the text: the output
	// is allocated once at that size.
	sizeHint int

	// out holds the finished paragraphs joined by "\n\n"; cur is the
	// current one, reused from paragraph to paragraph. A builder per
	// paragraph and a join at the end cost a fifth of the fast path.
	out   strings.Builder
	cur   []byte
	space bool // a space is pending before the next word
	soft  bool // an inline edge was crossed since the last word
}

// renderText returns the readable text under n: paragraphs (block elements)
// separated by a blank line, table cells by a space, <br> by a newline.
func renderText(n *html.Node) string {
	var w textWriter
	return w.render(n)
}

// render writes n with the writer's settings and returns the text.
func (w *textWriter) render(n *html.Node) string {
	w.out.Grow(w.sizeHint)
	w.cur = make([]byte, 0, 1024)
	w.walk(n)
	w.flush()
	return w.out.String()
}

// curLen is the length of the current paragraph so far.
func (w *textWriter) curLen() int { return len(w.cur) }

// walk writes n's text: block elements end the paragraph before and after
// themselves, inline elements run on, skipped subtrees write nothing.
func (w *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
		a := tagAtom(n)
		if skipTag(a) || (w.skip != nil && w.skip(n)) {
			return
		}
		switch a {
		case atom.Br:
			w.lineBreak()
			return
		case atom.Td, atom.Th:
			w.space = w.curLen() > 0
		case atom.Pre:
			w.flush()
			w.pre(n)
			w.flush()
			return
		}
		if blockTag(a) {
			w.flush()
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				w.walk(c)
			}
			w.flush()
			return
		}
		w.soft = w.soft || w.softInline
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			w.walk(c)
		}
		w.soft = w.soft || w.softInline
		if a == atom.Td || a == atom.Th {
			w.space = w.curLen() > 0
		}
		return
	case html.CommentNode, html.DoctypeNode:
		return
	}
	w.soft = w.soft || w.softInline
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	w.soft = w.soft || w.softInline
}

// text appends s with its white space collapsed.
func (w *textWriter) text(s string) {
	if n := spaceLen(s); n > 0 {
		w.space = true
		s = s[n:]
	}
	if s == "" {
		return
	}
	i := spaceIndex(s)
	word := s
	if i > 0 {
		word = s[:i]
	}
	if w.curLen() > 0 && (w.space || (w.soft && softBreak(w.cur, word))) {
		w.cur = append(w.cur, ' ')
	}
	w.space, w.soft = false, false
	w.cur = append(w.cur, word...)
	if i > 0 {
		w.rest(s[i:])
	}
}

// rest appends the text after a word: s starts with white space, and every
// further word in it follows white space, so each run of white space becomes
// one space and the text between runs is copied as it is. Single plain
// spaces, the common run, stay in the chunk being copied.
func (w *textWriter) rest(s string) {
	start := 0 // start of the chunk not yet copied
	for i := 0; i < len(s); {
		if spaceByte[s[i]] == notSpace {
			i++
			continue
		}
		if s[i] == ' ' && i+1 < len(s) && spaceByte[s[i+1]] == notSpace { // a single space before a word
			i += 2
			continue
		}
		n := spaceLen(s[i:])
		switch {
		case n == 0: // 0xC2 starting another character
			i++
		case i+n == len(s): // trailing white space
			w.cur = append(w.cur, s[start:i]...)
			w.space = true
			return
		case n == 1 && s[i] == ' ':
			i++
		default:
			w.cur = append(w.cur, s[start:i]...)
			w.cur = append(w.cur, ' ')
			i += n
			start = i
		}
	}
	w.cur = append(w.cur, s[start:]...)
}

// spaceIndex is strings.IndexFunc(s, isSpace) without a call per rune.
// The no-break space's first byte, 0xC2, is never inside another
// character's encoding, so the bytes can be scanned one by one.
func spaceIndex(s string) int {
	for i := 0; i < len(s); i++ {
		switch spaceByte[s[i]] {
		case asciiSpace:
			return i
		case nbspLead:
			if i+1 < len(s) && s[i+1] == 0xA0 {
				return i
			}
		}
	}
	return -1
}

// spaceLen is the length of the run of isSpace characters s starts with.
func spaceLen(s string) int {
	i := 0
	for i < len(s) {
		switch spaceByte[s[i]] {
		case asciiSpace:
			i++
			continue
		case nbspLead:
			if i+1 < len(s) && s[i+1] == 0xA0 {
				i += 2
				continue
			}
		}
		break
	}
	return i
}

// Kinds of byte in spaceByte.
const (
	notSpace   = iota
	asciiSpace // one of isSpace's ASCII characters
	nbspLead   // 0xC2, the no-break space's first byte
)

// spaceByte classifies bytes for spaceIndex and spaceLen.
var spaceByte = [256]uint8{' ': asciiSpace, '\t': asciiSpace, '\n': asciiSpace, '\r': asciiSpace, '\f': asciiSpace, 0xC2: nbspLead}

// softBreak decides whether an inline edge between before and word is a
// space: not before closing punctuation, not after opening punctuation.
func softBreak(before []byte, word string) bool {
	last, _ := utf8.DecodeLastRune(before)
	next, _ := utf8.DecodeRuneInString(word)
	return !strings.ContainsRune(".,;:!?)]}’”%'\"", next) && !strings.ContainsRune("([{‘“$£€/-'\"", last)
}

// lineBreak ends a line inside the current paragraph.
func (w *textWriter) lineBreak() {
	if w.curLen() > 0 {
		w.cur = bytes.TrimRight(w.cur, " ")
		w.cur = append(w.cur, '\n')
	}
	w.space, w.soft = false, false
}

// pre keeps preformatted text as it is, trimmed of blank edges.
func (w *textWriter) pre(n *html.Node) {
	var b strings.Builder
	var collect func(*html.Node)
	collect = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		if n.Type == html.ElementNode && tagAtom(n) == atom.Br {
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			collect(c)
		}
	}
	collect(n)
	if s := strings.Trim(b.String(), "\n\r"); strings.TrimSpace(s) != "" {
		w.separate()
		w.out.WriteString(s)
	}
}

// flush ends the current paragraph, trimmed of white space; an empty one
// leaves nothing.
func (w *textWriter) flush() {
	if p := bytes.TrimSpace(w.cur); len(p) > 0 {
		w.paragraph(p)
	}
	w.cur = w.cur[:0]
	w.space, w.soft = false, false
}

// paragraph appends a finished, non-empty paragraph to the output.
func (w *textWriter) paragraph(p []byte) {
	w.separate()
	w.out.Write(p)
}

// separate ends the output's last paragraph, if any, before a new one.
func (w *textWriter) separate() {
	if w.out.Len() > 0 {
		w.out.WriteString("\n\n")
	}
}

// tagAtom returns the element's atom. Extractors build nodes with only Data
// set, so the atom is looked up from the name when it is missing.
func tagAtom(n *html.Node) atom.Atom {
	if n.DataAtom != 0 || n.Type != html.ElementNode {
		return n.DataAtom
	}
	return atom.Lookup([]byte(n.Data))
}

// isSpace reports HTML white space plus the no-break space, which pages use as
// ordinary spacing.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\u00a0':
		return true
	}
	return false
}
