package extract

import (
	"encoding/json"
	"testing"
	"unicode/utf8"
)

func equalJSON(t testing.TB, a, b any) bool {
	t.Helper()
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(ja) == string(jb)
}

// FuzzExtract checks that any text extracts without a panic, with evidence
// offsets inside the text, and the same output twice.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"North Korean hackers stole $1.34 billion in 2024.",
		"Hackers drained ¥6.7 billion ($59.7 million) from the Zaif exchange on September 14, 2018.",
		"Bithumb, Youbit and Yapizon lost $82.7 million; between $630 million and more than $1 billion.",
		"“Lazarus” — U.S. Inc. No. 2 $1.34bn 4,3 milioni di dollari (",
		"\xff\xfe$ ( ) , . $5-",
		"Attackers steal $25M in crypto. Hackers hit",
		"Hackers drained $5 million from",
		"",
	} {
		f.Add(s, "2024-05-01")
	}
	x, err := New("")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text, published string) {
		in := Input{Text: text, Published: published}
		d := x.analyse(in) // no recover here: a panic fails the fuzz run
		r1 := x.claims(d)
		r2 := x.Extract(in)
		if !equalJSON(t, NewRecord("x", r1), NewRecord("x", r2)) {
			t.Fatalf("not deterministic for %q", text)
		}
		n := utf8.RuneCountInString(text)
		for _, c := range append(r1.Incidents, r1.Aggregates...) {
			for _, e := range c.Evidence {
				if e.Start < 0 || e.End > n || e.Start > e.End {
					t.Fatalf("evidence [%d:%d] outside text of %d runes", e.Start, e.End, n)
				}
				if utf8.ValidString(text) && string([]rune(text)[e.Start:e.End]) != e.Text {
					t.Fatalf("evidence text %q does not match [%d:%d]", e.Text, e.Start, e.End)
				}
			}
		}
	})
}
