package ingest

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlText turns a feed item's content or summary (often HTML) into plain
// text with one blank line between paragraphs, the shape the extractors
// expect. Scripts and styles are dropped.
func htmlText(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return ""
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var paras []string
	var cur strings.Builder
	flush := func() {
		if t := strings.Join(strings.Fields(cur.String()), " "); t != "" {
			paras = append(paras, t)
		}
		cur.Reset()
	}
	skip := 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			flush()
			return strings.Join(paras, "\n\n")
		case html.TextToken:
			if skip == 0 {
				cur.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			switch a {
			case atom.Script, atom.Style:
				if tt == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			case atom.P, atom.Div, atom.Br, atom.Li, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
				atom.Blockquote, atom.Tr, atom.Section, atom.Article, atom.Pre, atom.Ul, atom.Ol, atom.Table:
				flush()
			case atom.A, atom.B, atom.I, atom.Em, atom.Strong, atom.Span, atom.Code, atom.Small,
				atom.Sup, atom.Sub, atom.U, atom.Abbr, atom.Mark, atom.Time:
			default:
				cur.WriteByte(' ')
			}
		}
	}
}
