package article

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestChromeClass(t *testing.T) {
	tests := []struct {
		val  string
		want bool
	}{
		{"share", true},
		{"c-social-buttons c-social-buttons--popover", true},
		{"signup-box", true},
		{"More-Stories", true},
		{"article-byline", true},
		{"ad", true},
		{"top-ad-slot", true},
		{"article_meta", true},
		{"site-nav", true},
		{"header", false},   // "ad" only as a word
		{"canvas", false},   // "nav" only as a word
		{"metadata", false}, // "meta" only as a word
		{"entry-content", false},
		{"story-body", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := chromeClass.match(tt.val); got != tt.want {
			t.Errorf("chromeClass.match(%q) = %v, want %v", tt.val, got, tt.want)
		}
	}
}

func TestIsChromeParagraphs(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`<p>Read more: <a href="/x">Exchange drained of $12 million</a></p>`, true},
		{`<p>Related: Wallet drainer kit stole $50 million</p>`, true},
		{`<p>Related Posts</p>`, true},
		{`<p><a href="/a">One story</a> <a href="/b">Another story</a></p>`, true},
		{`<p>Related charges were filed against two suspects in March.</p>`, false},
		{`<p>The exchange said, according to <a href="/r">a report</a>, that it lost $5 million to the attackers.</p>`, false},
		{`<p hidden>Secret</p>`, true},
		{`<div class="story-body"><p>x</p></div>`, false},
	}
	for _, tt := range tests {
		doc, err := html.Parse(strings.NewReader("<body>" + tt.in + "</body>"))
		if err != nil {
			t.Fatal(err)
		}
		body := doc.FirstChild.LastChild // <html><head/><body>
		if got := isChrome(body.FirstChild); got != tt.want {
			t.Errorf("isChrome(%s) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestChromeShortcutsMatchPlain compares classMatcher.match, which lowers
// ASCII on the stack, with the plain strings.ToLower version on edge cases
// and every class and id value of the fixtures and AEB pages, and
// startsChromeLead with the plain match on every paragraph and item there.
func TestChromeShortcutsMatchPlain(t *testing.T) {
	vals := []string{"SİDEBAR", "\u212aEYWORDS", "Nav\u212a", "AD", "x-Ad_y", "a\tnav\nb", "--ad--", "ad-", "\xffshare",
		strings.Repeat("x", 127) + "-ad", strings.Repeat("x", 200) + " nav", "Ｓhare", "TAGS", "ſhare"}
	var collect func(*html.Node)
	collect = func(n *html.Node) {
		if n.DataAtom == atom.P || n.DataAtom == atom.Li {
			if got, want := startsChromeLead(n), chromeLead.MatchString(leadingText(n, 40)); got != want {
				t.Errorf("startsChromeLead(%q) = %v, plain %v", leadingText(n, 40), got, want)
			}
		}
		for _, a := range n.Attr {
			if a.Key == "class" || a.Key == "id" {
				vals = append(vals, a.Val)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			collect(c)
		}
	}
	files, _ := filepath.Glob("testdata/*.html")
	for _, f := range files {
		doc, err := decodeHTML(readFixture(t, strings.TrimPrefix(f, "testdata/")), "")
		if err != nil {
			t.Fatal(err)
		}
		collect(doc)
	}
	for _, p := range loadAEBIfAny(t) {
		doc, err := decodeHTML(p.html, "")
		if err != nil {
			t.Fatal(err)
		}
		collect(doc)
	}
	for _, m := range []classMatcher{chromeClass, boxClass} {
		for _, v := range vals {
			if got, want := m.match(v), m.matchLowered(strings.ToLower(v)); got != want {
				t.Errorf("match(%q) = %v, plain %v", v, got, want)
			}
		}
	}
}

// TestStartsChromeLead compares the first-byte shortcut with the plain
// match on the leading text.
func TestStartsChromeLead(t *testing.T) {
	for _, in := range []string{
		`<p>Read more: <a>x</a></p>`, `<p> <b> </b>ſee also: x</p>`, `<p>\n\tRelated</p>`, `<p><span></span>LISTEN -</p>`,
		`<p>The story</p>`, `<p></p>`, `<p><script>watch:</script>x</p>`, `<p>` + "\f" + `Read more:</p>`, `<p>Recommended reading | x</p>`,
		`<p>alſo read: x</p>`, `<p>Liſten -</p>`, `<p>ſee also: x</p>`, `<p>R<b>e</b>ad more:</p>`, `<p>Re</p>`, `<p>Wat</p>`,
	} {
		doc, err := html.Parse(strings.NewReader("<body>" + in + "</body>"))
		if err != nil {
			t.Fatal(err)
		}
		p := doc.FirstChild.LastChild.FirstChild
		if got, want := startsChromeLead(p), chromeLead.MatchString(leadingText(p, 40)); got != want {
			t.Errorf("startsChromeLead(%s) = %v, plain %v", in, got, want)
		}
	}
}
