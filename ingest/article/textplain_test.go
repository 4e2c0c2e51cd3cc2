package article

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// plainWriter is textWriter as it was before it wrote into one buffer: a
// builder per paragraph, joined at the end. TestTextWriterMatchesPlain
// holds the fast writer to its output.
type plainWriter struct {
	skip       func(*html.Node) bool
	softInline bool

	paras []string
	cur   strings.Builder
	space bool
	soft  bool
}

func (w *plainWriter) render(n *html.Node) string {
	w.walk(n)
	w.flush()
	return strings.Join(w.paras, "\n\n")
}

func (w *plainWriter) walk(n *html.Node) {
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
			w.space = w.cur.Len() > 0
		}
		if a == atom.Pre {
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

func (w *plainWriter) text(s string) {
	for len(s) > 0 {
		i := strings.IndexFunc(s, isSpace)
		if i != 0 {
			word := s
			if i > 0 {
				word = s[:i]
			}
			if w.cur.Len() > 0 && (w.space || (w.soft && plainSoftBreak(w.cur.String(), word))) {
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

func plainSoftBreak(before, word string) bool {
	last, _ := utf8.DecodeLastRuneInString(before)
	next, _ := utf8.DecodeRuneInString(word)
	return !strings.ContainsRune(".,;:!?)]}’”%'\"", next) && !strings.ContainsRune("([{‘“$£€/-'\"", last)
}

func (w *plainWriter) lineBreak() {
	if w.cur.Len() > 0 {
		s := strings.TrimRight(w.cur.String(), " ")
		w.cur.Reset()
		w.cur.WriteString(s)
		w.cur.WriteByte('\n')
	}
	w.space, w.soft = false, false
}

func (w *plainWriter) pre(n *html.Node) {
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

func (w *plainWriter) flush() {
	if s := strings.TrimSpace(w.cur.String()); s != "" {
		w.paras = append(w.paras, s)
	}
	w.cur.Reset()
	w.space, w.soft = false, false
}

// writerCases are the edges of the writer: white space of every kind
// (no-break, em and ideographic spaces, vertical tab), <br> runs, <pre>,
// cells, invalid UTF-8 and soft edges around punctuation.
var writerCases = []string{
	"<p>  a \n\t b&nbsp;&nbsp;c </p>", "<p>\u2003lead\u3000 trail\u2003</p><p>\v</p>", "<p>a<br><br><br>b <br> c</p>",
	"<br><p>x<br></p>", "<pre>\n\n  code\n</pre><pre> \n </pre>", "<table><tr><td> a </td><td>b</td><th>c</th></tr></table>",
	"<p>\xff\xc2 broken \xc2\xa0\xa0 x\xe2\x82</p>", "<p>(<a>x</a>)<b>y</b>, “<i>q</i>” $<b>5</b></p>", "<p>\u00a0</p><p>a&nbsp;</p>",
	"<td>cell</td>", "<p><span> </span><b>w</b></p>", "<p>a  b\tc \n d&nbsp;e &nbsp; f\xc2</p>", "<p>x \xc2 y \xc2\xa0</p>",
	"<p>&nbsp;a<b> b </b>c<i>\t</i> d  </p>", "<p>end \xc2</p>", "<p>a\u2003b \u2003 c</p>",
}

func TestTextWriterMatchesPlain(t *testing.T) {
	var docs []*html.Node
	for _, c := range writerCases {
		doc, err := html.Parse(strings.NewReader(c))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	files, _ := filepath.Glob("testdata/*.html")
	for _, f := range files {
		doc, err := decodeHTML(readFixture(t, strings.TrimPrefix(f, "testdata/")), "")
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	for _, p := range loadAEBIfAny(t) {
		doc, err := decodeHTML(p.html, "")
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc)
	}
	for i, doc := range docs {
		for _, soft := range []bool{false, true} {
			for _, skip := range []func(*html.Node) bool{nil, isChrome} {
				fast := textWriter{softInline: soft, skip: skip}
				plain := plainWriter{softInline: soft, skip: skip}
				if got, want := fast.render(doc), plain.render(doc); got != want {
					t.Errorf("document %d (soft %v, skip %v): got\n%q\nwant\n%q", i, soft, skip != nil, got, want)
				}
			}
		}
	}
}

// loadAEBIfAny is loadAEB for tests that also check other pages: it returns
// nil instead of skipping when the benchmark is absent.
func loadAEBIfAny(t *testing.T) []aebPage {
	if _, err := os.Stat(filepath.Join(aebDir, "ground-truth.json")); err != nil {
		return nil
	}
	return loadAEB(t)
}

func FuzzTextWriter(f *testing.F) {
	for _, c := range writerCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, page string) {
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			return
		}
		for _, soft := range []bool{false, true} {
			fast := textWriter{softInline: soft}
			plain := plainWriter{softInline: soft}
			if got, want := fast.render(doc), plain.render(doc); got != want {
				t.Errorf("soft %v: got %q, want %q", soft, got, want)
			}
		}
	})
}
