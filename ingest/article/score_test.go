package article

import (
	"strings"
	"unicode"
)

// The article-extraction benchmark's metric, rebuilt from its description:
// texts become word tokens, tokens become overlapping 4-word shingles (a
// multiset), and each page gets precision and recall over those shingles.

// shingleSize is the window length of the benchmark's metric.
const shingleSize = 4

// tokenize splits s into runs of letters, digits and underscores, after
// dropping soft hyphens as the benchmark does.
func tokenize(s string) []string {
	s = strings.ReplaceAll(s, "\u00ad", "")
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_')
	})
}

// shingles counts the overlapping windows of shingleSize tokens. A text with
// fewer tokens than that is one short shingle, so short texts still count.
func shingles(tokens []string) map[string]int {
	m := make(map[string]int)
	if len(tokens) == 0 {
		return m
	}
	if len(tokens) < shingleSize {
		m[strings.Join(tokens, " ")]++
		return m
	}
	for i := 0; i+shingleSize <= len(tokens); i++ {
		m[strings.Join(tokens[i:i+shingleSize], " ")]++
	}
	return m
}

// pageScore holds one page's shingle counts.
type pageScore struct {
	tp, fp, fn int
}

// scorePage compares an extractor's output with the page's ground truth.
func scorePage(truth, got string) pageScore {
	want := shingles(tokenize(truth))
	have := shingles(tokenize(got))
	var s pageScore
	for k, n := range have {
		m := want[k]
		s.tp += min(n, m)
		s.fp += max(n-m, 0)
	}
	for k, m := range want {
		s.fn += max(m-have[k], 0)
	}
	return s
}

// corpusScore is the benchmark's summary: precision is the mean over pages
// with output, recall the mean over pages with ground truth, F1 their
// harmonic mean.
type corpusScore struct {
	P, R, F1 float64
	Pages    int
	Empty    int // pages where the extractor returned no text
}

// summarize turns per-page scores into the benchmark's figures.
func summarize(pages []pageScore) corpusScore {
	var sumP, sumR float64
	var nP, nR int
	var cs corpusScore
	cs.Pages = len(pages)
	for _, s := range pages {
		if s.tp+s.fp > 0 {
			sumP += float64(s.tp) / float64(s.tp+s.fp)
			nP++
		} else {
			cs.Empty++
		}
		if s.tp+s.fn > 0 {
			sumR += float64(s.tp) / float64(s.tp+s.fn)
			nR++
		}
	}
	if nP > 0 {
		cs.P = sumP / float64(nP)
	}
	if nR > 0 {
		cs.R = sumR / float64(nR)
	}
	if cs.P+cs.R > 0 {
		cs.F1 = 2 * cs.P * cs.R / (cs.P + cs.R)
	}
	return cs
}
