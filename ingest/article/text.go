package article

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags end the running paragraph before and after themselves, so the text
// keeps the page's paragraph structure instead of one run-on line.
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Caption: true, atom.Dd: true, atom.Details: true, atom.Div: true, atom.Dl: true,
	atom.Dt: true, atom.Fieldset: true, atom.Figcaption: true, atom.Figure: true,
	atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true, atom.Hr: true,
	atom.Li: true, atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true,
	atom.Pre: true, atom.Section: true, atom.Summary: true, atom.Table: true,
	atom.Tbody: true, atom.Thead: true, atom.Tfoot: true, atom.Tr: true, atom.Ul: true,
	atom.Body: true, atom.Html: true,
}

// skipTags never hold readable text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Head: true, atom.Iframe: true, atom.Object: true, atom.Svg: true,
	atom.Math: true, atom.Select: true, atom.Button: true, atom.Input: true,
	atom.Textarea: true, atom.Canvas: true, atom.Video: true, atom.Audio: true,
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

	paras []string
	cur   strings.Builder
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
	w.walk(n)
	w.flush()
	return strings.Join(w.paras, "\n\n")
}

// walk writes n's text: block elements end the paragraph before and after
// themselves, inline elements run on, skipped subtrees write nothing.
func (w *textWriter) walk(n *html.Node) {
	switch n.Type {
	case html.TextNode:
		w.text(n.Data)
		return
	case html.ElementNode:
		a := tagAtom(n)
		if skipTags[a] || (w.skip != nil && w.skip(n)) {
			return
		}
		switch a {
		case atom.Br:
			w.lineBreak()
			return
		case atom.Td, atom.Th:
			w.space = w.cur.Len() > 0
		}
		if a == atom.Pre {
			w.flush()
			w.pre(n)
			w.flush()
			return
		}
		if blockTags[a] {
			w.flush()
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				w.walk(c)
			}
			w.flush()
			return
		}
	case html.CommentNode, html.DoctypeNode:
		return
	}
	w.soft = w.soft || w.softInline
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		w.walk(c)
	}
	w.soft = w.soft || w.softInline
	if a := tagAtom(n); n.Type == html.ElementNode && (a == atom.Td || a == atom.Th) {
		w.space = w.cur.Len() > 0
	}
}

// text appends s with its white space collapsed.
func (w *textWriter) text(s string) {
	for len(s) > 0 {
		i := strings.IndexFunc(s, isSpace)
		if i != 0 {
			word := s
			if i > 0 {
				word = s[:i]
			}
			if w.cur.Len() > 0 && (w.space || (w.soft && softBreak(w.cur.String(), word))) {
				w.cur.WriteByte(' ')
			}
			w.space, w.soft = false, false
			w.cur.WriteString(word)
			if i < 0 {
				return
			}
			s = s[i:]
			continue
		}
		w.space = true
		s = strings.TrimLeftFunc(s, isSpace)
	}
}

// softBreak decides whether an inline edge between before and word is a
// space: not before closing punctuation, not after opening punctuation.
func softBreak(before, word string) bool {
	last, _ := utf8.DecodeLastRuneInString(before)
	next, _ := utf8.DecodeRuneInString(word)
	return !strings.ContainsRune(".,;:!?)]}’”%'\"", next) && !strings.ContainsRune("([{‘“$£€/-'\"", last)
}

// lineBreak ends a line inside the current paragraph.
func (w *textWriter) lineBreak() {
	if w.cur.Len() > 0 {
		trimTrailingSpace(&w.cur)
		w.cur.WriteByte('\n')
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
		w.paras = append(w.paras, s)
	}
}

// flush ends the current paragraph.
func (w *textWriter) flush() {
	s := strings.TrimSpace(w.cur.String())
	if s != "" {
		w.paras = append(w.paras, s)
	}
	w.cur.Reset()
	w.space, w.soft = false, false
}

func trimTrailingSpace(b *strings.Builder) {
	s := strings.TrimRight(b.String(), " ")
	if len(s) != b.Len() {
		b.Reset()
		b.WriteString(s)
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
