package article

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestRenderText(t *testing.T) {
	tests := []struct {
		name, in string
		soft     bool
		want     string
	}{
		{"paragraphs", "<p>One.</p><p>Two.</p>", false, "One.\n\nTwo."},
		{"white space collapsed", "<p>  a \n\t b&nbsp;&nbsp;c </p>", false, "a b c"},
		{"inline kept in line", "<p>The <b>bridge</b> lost <a href=x>$41M</a>.</p>", false, "The bridge lost $41M."},
		{"br is a line break", "<p>line one<br>line two<br/></p>", false, "line one\nline two"},
		{"headings and lists", "<h2>Head</h2><ul><li>one</li><li>two</li></ul><div>after</div>", false, "Head\n\none\n\ntwo\n\nafter"},
		{"nested divs give one break", "<div><div><p>a</p></div></div><div>b</div>", false, "a\n\nb"},
		{"table cells and rows", "<table><tr><td>Pos.</td><td>Name</td></tr><tr><td>1</td><td>Kyle</td></tr></table>", false, "Pos. Name\n\n1 Kyle"},
		{"pre keeps lines", "<pre>  a\n  b</pre>", false, "  a\n  b"},
		{"script and style skipped", "<p>a<script>x()</script><style>p{}</style>b</p>", false, "ab"},
		{"soft inline edges", "<p>lost<b>$41M</b>to<a>attackers</a>.</p>", true, "lost $41M to attackers."},
		{"soft edge not before punctuation", "<p>(<a>link</a>), <i>x</i>: y</p>", true, "(link), x: y"},
		{"empty", "", false, ""},
		{"wide spaces trimmed at the edges", "<p>\u2003lead\u3000 trail\u2003</p><p>\v</p>", false, "lead\u3000 trail"},
		{"br at the edges dropped", "<br><p>x<br></p>", false, "x"},
		{"blank pre dropped", "<pre>\n\n  code\n</pre><pre> \n </pre>", false, "  code"},
		{"no-break space only paragraph dropped", "<p>\u00a0</p><p>a&nbsp;</p>", false, "a"},
		{"blank inline dropped", "<p><span> </span><b>w</b></p>", false, "w"},
		{"invalid UTF-8 kept as it is", "<p>\xff\xc2 broken x\xe2\x82</p>", false, "\xff\xc2 broken x\xe2\x82"},
		{"soft edges around quotes and currency", "<p>(<a>x</a>)<b>y</b>, “<i>q</i>” $<b>5</b></p>", true, "(x) y, “q” $5"},
		{"spaces around inline tags collapsed", "<p>&nbsp;a<b> b </b>c<i>\t</i> d  </p>", false, "a b c d"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.in))
			if err != nil {
				t.Fatal(err)
			}
			w := textWriter{softInline: tt.soft}
			if got := w.render(doc); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestRenderTextBuiltNodes checks nodes built by an extractor with only Data
// set (no DataAtom), as extractors build them.
func TestRenderTextBuiltNodes(t *testing.T) {
	root := &html.Node{Type: html.ElementNode, Data: "body"}
	for _, s := range []string{"first", "second"} {
		p := &html.Node{Type: html.ElementNode, Data: "p"}
		p.AppendChild(&html.Node{Type: html.TextNode, Data: s})
		root.AppendChild(p)
	}
	if got := renderText(root); got != "first\n\nsecond" {
		t.Errorf("got %q", got)
	}
}

// FuzzTextWriter renders arbitrary markup: no panic, the same text twice,
// and no line break at either end.
func FuzzTextWriter(f *testing.F) {
	for _, c := range []string{"<p>a<br><br>b</p>", "<pre> x </pre><td>c</td>", "<p>\xff\u00a0</p><p>\u3000</p>"} {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, page string) {
		doc, err := html.Parse(strings.NewReader(page))
		if err != nil {
			return
		}
		for _, soft := range []bool{false, true} {
			got := (&textWriter{softInline: soft}).render(doc)
			if again := (&textWriter{softInline: soft}).render(doc); again != got {
				t.Fatalf("soft %v: rendered %q, then %q", soft, got, again)
			}
			if strings.HasPrefix(got, "\n") || strings.HasSuffix(got, "\n") {
				t.Errorf("soft %v: line break at an end of %q", soft, got)
			}
		}
	})
}
