package extract

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// corpusArticle is one line of ../shared/corpus/dev/*.jsonl.
type corpusArticle struct {
	ID        string    `json:"id"`
	Text      string    `json:"text"`
	Title     string    `json:"title"`
	Published string    `json:"published"`
	URL       string    `json:"url"`
	Gold      goldLabel `json:"gold"`
}

type goldLabel struct {
	Incidents []struct {
		Victim      string   `json:"victim"`
		Aliases     []string `json:"victim_aliases"`
		AmountUSD   *float64 `json:"amount_usd"`
		ActorFamily *string  `json:"actor_family"`
	} `json:"incidents"`
	Aggregates []struct {
		ActorFamily *string  `json:"actor_family"`
		AmountUSD   *float64 `json:"amount_usd"`
	} `json:"aggregates"`
}

func loadCorpus(t testing.TB, pattern string) []corpusArticle {
	t.Helper()
	files, _ := filepath.Glob(pattern)
	if len(files) == 0 {
		t.Skipf("no corpus at %s", pattern)
	}
	var out []corpusArticle
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			var a corpusArticle
			if len(sc.Bytes()) == 0 {
				continue
			}
			if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			out = append(out, a)
		}
		fh.Close()
	}
	return out
}

// TestDumpPredictions writes predictions for the scorer when HW_PREDS is set.
func TestDumpPredictions(t *testing.T) {
	out := os.Getenv("HW_PREDS")
	if out == "" {
		t.Skip("HW_PREDS not set")
	}
	src := os.Getenv("HW_CORPUS")
	if src == "" {
		src = "../../shared/corpus/dev/*.jsonl"
	}
	x, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	enc := json.NewEncoder(f)
	for _, a := range loadCorpus(t, src) {
		r := x.Extract(Input{Text: a.Text, Title: a.Title, URL: a.URL, Published: a.Published})
		if err := enc.Encode(NewRecord(a.ID, r)); err != nil {
			t.Fatal(err)
		}
	}
}

// TestShowArticle prints the claims of one article when HW_SHOW names it.
func TestShowArticle(t *testing.T) {
	id := os.Getenv("HW_SHOW")
	if id == "" {
		t.Skip("HW_SHOW not set")
	}
	src := os.Getenv("HW_CORPUS")
	if src == "" {
		src = "../../shared/corpus/dev/*.jsonl"
	}
	x, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range loadCorpus(t, src) {
		if a.ID != id {
			continue
		}
		r := x.Extract(Input{Text: a.Text, Title: a.Title, URL: a.URL, Published: a.Published})
		for _, c := range append(r.Incidents, r.Aggregates...) {
			b, _ := json.Marshal(c)
			t.Logf("%s\n", b)
		}
		for _, m := range r.NearMisses {
			t.Logf("near miss %q: %s", m.Text, m.Reason)
		}
	}
}
