package article

import (
	"encoding/json"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// corpusDir holds the project's labelled dev corpus (plain text articles).
const corpusDir = "../../../shared/corpus/dev"

// fixtureTitle is the headline in the farm-like fixtures, replaced per article.
const fixtureTitle = "Bridge operator loses $41 million after validator keys leak"

// corpusArticle is the part of a corpus line this test needs.
type corpusArticle struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Text  string `json:"text"`
}

// farmPageFor wraps an article's paragraphs in one of the farm-like fixtures'
// chrome, as the loopback farm does for the ingest benchmark.
func farmPageFor(t *testing.T, fixture []byte, title string, paras []string) []byte {
	t.Helper()
	page := string(fixture)
	start := strings.Index(page, "<p>")
	end := strings.Index(page, "</article>")
	if start < 0 || end < start {
		t.Fatal("fixture has no story paragraphs")
	}
	var body strings.Builder
	for _, p := range paras {
		body.WriteString("<p>" + html.EscapeString(p) + "</p>\n")
	}
	page = page[:start] + body.String() + page[end:]
	return []byte(strings.ReplaceAll(page, fixtureTitle, html.EscapeString(title)))
}

// TestFarmCorpus puts every dev-corpus article into farm-like chrome and
// checks that Parse gives back exactly its paragraphs, through the fast path:
// none of the chrome, none of the story lost. Only a leading headline repeat
// or byline, and lines pointing at other stories ("Related: …", which some
// corpus texts kept from their pages), may be dropped. It skips when the
// corpus is absent.
func TestFarmCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(corpusDir, "*.jsonl"))
	if len(files) == 0 {
		t.Skipf("corpus not present at %s", corpusDir)
	}
	var fixtures [][]byte
	for _, f := range farmPages {
		fixtures = append(fixtures, readFixture(t, strings.TrimPrefix(f, "testdata/")))
	}
	n := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(raw), "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			var art corpusArticle
			if err := json.Unmarshal([]byte(line), &art); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			var paras []string
			for _, p := range strings.Split(art.Text, "\n") {
				if p = strings.TrimSpace(p); p != "" {
					paras = append(paras, collapse(p))
				}
			}
			title := art.Title
			if title == "" {
				title = string([]rune(strings.SplitN(art.Text, ". ", 2)[0]))
				if r := []rune(title); len(r) > 90 {
					title = string(r[:90])
				}
			}
			page := farmPageFor(t, fixtures[n%len(fixtures)], title, paras)
			n++
			a, err := Parse(page, "text/html; charset=utf-8", "http://127.0.0.1:8080/a/"+art.ID+".html")
			if err != nil {
				t.Errorf("%s: %v", art.ID, err)
				continue
			}
			if doc, err := decodeHTML(page, ""); err != nil {
				t.Fatal(err)
			} else if _, ok := fastText(doc); !ok {
				t.Errorf("%s: farm page missed the fast path (the ingest benchmark's speed depends on it)", art.ID)
			}
			got := paragraphs(a.Text)
			if msg := checkDrops(got, paras, title); msg != "" {
				t.Errorf("%s: %s\n%s", art.ID, msg, paragraphDiff(got, paras))
			}
		}
	}
	t.Logf("%d corpus articles in farm chrome", n)
}

// checkDrops checks that got is want with only chrome left out: a leading
// headline repeat or byline, or a paragraph pointing at other stories. It
// returns what is wrong, or "".
func checkDrops(got, want []string, title string) string {
	i := 0
	for j, w := range want {
		if i < len(got) && got[i] == w {
			i++
			continue
		}
		leading := i == 0 && j < 3 && dropLeadingLines(w+"\n\nx", title) == "x"
		if !leading && !chromeLead.MatchString(w) {
			return fmt.Sprintf("story paragraph %d dropped or changed: %q", j, w)
		}
	}
	if i < len(got) {
		return fmt.Sprintf("paragraph %q is not in the story", got[i])
	}
	return ""
}

// paragraphDiff lists the paragraphs only one side has.
func paragraphDiff(got, want []string) string {
	in := func(s string, list []string) bool {
		for _, x := range list {
			if x == s {
				return true
			}
		}
		return false
	}
	var b strings.Builder
	for _, g := range got {
		if !in(g, want) {
			b.WriteString("  extra:   " + g + "\n")
		}
	}
	for _, w := range want {
		if !in(w, got) {
			b.WriteString("  missing: " + w + "\n")
		}
	}
	return b.String()
}
