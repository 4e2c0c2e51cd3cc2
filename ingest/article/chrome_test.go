package article

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
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
