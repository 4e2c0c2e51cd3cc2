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
