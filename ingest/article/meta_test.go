package article

import (
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestMayMatchMeta checks the cheap tests in front of the metadata
// selectors (mayMatchMeta and each metaMatcher's own): they may pass
// elements no selector wants, but must never refuse one a selector
// matches, or metadata would silently lose a source.
func TestMayMatchMeta(t *testing.T) {
	tests := []struct {
		name, page string
		matches    int // elements a metadata selector matches, <html> included
	}{
		{"tags", `<html lang=en><head><meta name=a content=b><title>T</title><link rel=canonical href=/x>
			<script type="APPLICATION/LD+JSON">{}</script></head><body><h1>H</h1><time datetime=2024-01-01>x</time></body></html>`, 7},
		{"attributes", `<div itemprop=author><span itemprop=name>A</span></div><a rel="nofollow author">B</a>
			<p class="post-byline byline">C</p><span class="author x">D</span><i itemprop=datePublished content=2024>E</i>`, 7},
		{"near misses", `<p class="bylines">x</p><p class="Byline">x</p><span class=authors>x</span>
			<script type="text/javascript">x</script><link rel=stylesheet href=x><div>x</div>`, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := html.Parse(strings.NewReader(tt.page))
			if err != nil {
				t.Fatal(err)
			}
			if n := checkMetaPrefilter(t, doc); n != tt.matches {
				t.Errorf("the selectors matched %d elements, want %d", n, tt.matches)
			}
		})
	}
	// Every fixture and, when present, every AEB page.
	files, _ := filepath.Glob("testdata/*.html")
	for _, f := range files {
		doc, err := decodeHTML(readFixture(t, strings.TrimPrefix(f, "testdata/")), "")
		if err != nil {
			t.Fatal(err)
		}
		checkMetaPrefilter(t, doc)
	}
}

// TestMayMatchMetaAEB checks the same on the AEB pages; it skips when they
// are absent.
func TestMayMatchMetaAEB(t *testing.T) {
	for _, p := range loadAEB(t) {
		doc, err := decodeHTML(p.html, "")
		if err != nil {
			t.Fatal(err)
		}
		checkMetaPrefilter(t, doc)
	}
}

// checkMetaPrefilter reports every element under n that a metadata
// selector matches and its cheap test (or mayMatchMeta) refuses, and
// returns how many elements the selectors match.
func checkMetaPrefilter(t *testing.T, n *html.Node) int {
	t.Helper()
	count := 0
	matched := false
	for i, m := range metaSel.every {
		if m.sel(n) {
			matched = true
			if !m.may(n) {
				t.Errorf("selector %d matches <%s %v> but its cheap test refuses it", i, n.Data, n.Attr)
			}
		}
	}
	if matched {
		count++
		if !mayMatchMeta(n) || !anyMeta(n) {
			t.Errorf("mayMatchMeta refuses <%s %v>, which a metadata selector matches", n.Data, n.Attr)
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		count += checkMetaPrefilter(t, c)
	}
	return count
}
