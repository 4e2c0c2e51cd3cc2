package article

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The shortcuts in front of the expressions (isBoilerplate, dropBoilerplate,
// dropLeadingLines) must not change a single result. These tests compare
// them with the plain versions below on tricky strings, the dev corpus and
// the AEB pages.

// isBoilerplatePlain is isBoilerplate without shortcuts.
func isBoilerplatePlain(p string) bool {
	if len(p) > maxBoilerplate {
		return false
	}
	lower := strings.ToLower(p)
	return (len(p) <= 60 || strings.HasPrefix(lower, "tag")) && boilerplateLine.MatchString(p) ||
		strings.Contains(lower, "newsletter") && newsletterPitch.MatchString(p) ||
		len(p) <= maxStamp && stampLine.MatchString(p) ||
		len(p) <= maxFooter && footerLine.MatchString(p)
}

// dropBoilerplatePlain is dropBoilerplate with strings.Split and strings.Join.
func dropBoilerplatePlain(text string) string {
	paras := strings.Split(text, "\n\n")
	kept := paras[:0]
	for _, p := range paras {
		if !isBoilerplatePlain(p) {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "\n\n")
}

// dropLeadingLinesPlain is dropLeadingLines with collapse and EqualFold.
func dropLeadingLinesPlain(text, title string) string {
	for range 3 {
		first, rest, _ := strings.Cut(text, "\n\n")
		switch {
		case title != "" && strings.EqualFold(collapse(first), collapse(title)):
		case len(first) <= maxLeadLine && leadLine.MatchString(first):
		default:
			return text
		}
		text = rest
	}
	return text
}

// shortcutCases are paragraphs and texts near the edges of the shortcuts:
// case variants with non-ASCII folds (ſ for s, K for k, İ), furniture with
// odd spacing, empty paragraphs.
var shortcutCases = []string{
	"", "\n\n", "a\n\n\n\nb", "\n\nAdvertisement", "Advertisement\n\n", "Advertisement\n\nAdvertisement",
	"ſhare this", "ſponsored", "Share on Telegram", "TAGS: a, b", "tagſ:\nx", "Tags\ncrypto", "tag:" + strings.Repeat("x", 200),
	"Close", "close\n\nStory.", "12 comments", "١٢ comments", "This slideshow requires JavaScript.",
	"Updated 5:27 am", "updated: 2024", "Last updated on Jan 3", "Posted at 9", "pubLished jan", "İpdated 5",
	"https://example.com/x", "HTTPS://EXAMPLE.COM/X", "Write to Al at al@x.example", "contact: a@b.co", "Have a tip? tips@x.io",
	"Copyright © 2024", "ALL RIGHTS RESERVED", "All rightſ reserved", "all\x00right reserved", "all right reserved",
	"Sign up for our newsletter", "NEWSLETTER: subscribe", "newſletter subscribe", "The newsletter went to your inbox.",
	"By Ana Lima", "BY ANA", "by ana", "Published 2024", "Last updated", "Bridge  hacked", "bridge hacked",
	"Exchange\u00a0hacked", "ſponsored", "Firſt published Jan 3", "poſted 5", "laſt updated on Jan 3", "Advertiſement", "cloſe", "Thiſ slideshow requires JavaScript",
	"tagſ:", "Write to a@b.c", "write to nobody", "Have a tip? Send it", "Contact us@x.y", "HTTP://x", "http", "9 Comments", "Comments", "Close ", "\u212aelvin", "kelvin", "\xff\xfe broken", "\u2003Title\u2003",
}

// shortcutTexts returns texts to compare on: the cases, every dev-corpus
// text, and every AEB ground truth when present.
func shortcutTexts(t *testing.T) []string {
	texts := append([]string(nil), shortcutCases...)
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.jsonl"))
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(raw), "\n") {
			var art corpusArticle
			if json.Unmarshal([]byte(line), &art) == nil {
				texts = append(texts, art.Text, strings.ReplaceAll(art.Text, "\n", "\n\n"))
			}
		}
	}
	if gt, err := os.ReadFile(filepath.Join(aebDir, "ground-truth.json")); err == nil {
		var truth map[string]struct {
			ArticleBody string `json:"articleBody"`
		}
		if err := json.Unmarshal(gt, &truth); err != nil {
			t.Fatal(err)
		}
		for _, v := range truth {
			texts = append(texts, v.ArticleBody, strings.ReplaceAll(v.ArticleBody, "\n", "\n\n"))
		}
	}
	return texts
}

func TestShortcutsMatchPlain(t *testing.T) {
	titles := []string{"", "Bridge hacked", "Exchange hacked", "\u212aelvin", "Title"}
	for _, text := range shortcutTexts(t) {
		for _, p := range append(strings.Split(text, "\n"), strings.Split(text, "\n\n")...) {
			if got, want := isBoilerplate(p), isBoilerplatePlain(p); got != want {
				t.Errorf("isBoilerplate(%q) = %v, plain %v", p, got, want)
			}
		}
		if got, want := dropBoilerplate(text), dropBoilerplatePlain(text); got != want {
			t.Errorf("dropBoilerplate(%q) = %q, plain %q", text, got, want)
		}
		first, _, _ := strings.Cut(text, "\n")
		for _, title := range append(titles, first, strings.ToUpper(first), " "+first+"\t") {
			if got, want := dropLeadingLines(text, title), dropLeadingLinesPlain(text, title); got != want {
				t.Errorf("dropLeadingLines(%q, %q) = %q, plain %q", text, title, got, want)
			}
		}
	}
}

func FuzzShortcuts(f *testing.F) {
	for _, c := range shortcutCases {
		f.Add(c, "Bridge hacked")
	}
	f.Fuzz(func(t *testing.T, text, title string) {
		if got, want := dropBoilerplate(text), dropBoilerplatePlain(text); got != want {
			t.Errorf("dropBoilerplate(%q) = %q, plain %q", text, got, want)
		}
		if got, want := dropLeadingLines(text, title), dropLeadingLinesPlain(text, title); got != want {
			t.Errorf("dropLeadingLines(%q, %q) = %q, plain %q", text, title, got, want)
		}
	})
}

// TestCollapseMatchesPlain checks collapse's shortcut for values already
// collapsed against strings.Fields and strings.Join.
func TestCollapseMatchesPlain(t *testing.T) {
	cases := []string{"", " ", "a", " a", "a ", "a b", "a  b", "a\tb", "a\vb", "a\u00a0b", "a\u0085b", "a\u2003b", "\xff b", "Title | Site",
		"a\nb", "a\rb", "a\fb", "  ", "x y z", "é", "\u3000x"}
	for _, text := range append(cases, shortcutTexts(t)...) {
		for _, s := range append(strings.Split(text, "\n"), text) {
			if got, want := collapse(s), strings.Join(strings.Fields(s), " "); got != want {
				t.Errorf("collapse(%q) = %q, plain %q", s, got, want)
			}
		}
	}
}

func FuzzCollapse(f *testing.F) {
	f.Add("a  b")
	f.Add(" a\u00a0b ")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := collapse(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapse(%q) = %q, plain %q", s, got, want)
		}
	})
}

// TestAppendLowerASCII compares the eight-bytes-at-a-time lowering with a
// byte loop on every byte value at every offset.
func TestAppendLowerASCII(t *testing.T) {
	var all []byte
	for c := 0; c < 256; c++ {
		all = append(all, byte(c))
	}
	for start := 0; start < 16; start++ {
		for end := start; end <= len(all); end += 7 {
			s := string(all[start:end])
			want := []byte("x")
			for i := 0; i < len(s); i++ {
				c := s[i]
				if 'A' <= c && c <= 'Z' {
					c += 'a' - 'A'
				}
				want = append(want, c)
			}
			if got := appendLowerASCII([]byte("x"), s); string(got) != string(want) {
				t.Fatalf("appendLowerASCII(%q) = %q, want %q", s, got, want)
			}
		}
	}
}
