package extract

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestTokenizeNormalises(t *testing.T) {
	tests := []struct {
		in   string
		want []string // normalised tokens
	}{
		{"North Korea’s hackers", []string{"north", "korea", "'s", "hackers"}},
		{"Bybit's cold wallet", []string{"bybit", "'s", "cold", "wallet"}},
		{"“Lazarus” – again", []string{"\"", "lazarus", "\"", "-", "again"}},
		{"$1.34\u00a0billion", []string{"$", "1.34", "billion"}},
		{"U.S. Treasury", []string{"u.s.", "treasury"}},
		{"D.P.R.K. hackers", []string{"d.p.r.k.", "hackers"}},
		{"Stake.com", []string{"stake", ".", "com"}},
		{"4,500 BTC and 1,340.5 ETH", []string{"4,500", "btc", "and", "1,340.5", "eth"}},
		{"North Korea-linked", []string{"north", "korea", "-", "linked"}},
		{"ÜBER Börse", []string{"über", "börse"}},
		{"$4M", []string{"$", "4", "m"}},
		{"", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, tok := range tokenize(tt.in) {
			got = append(got, tok.low)
		}
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenOffsetsAreCodePoints(t *testing.T) {
	text := "Ünïcode “quotes” then Lazarus — ₩58 billion"
	runes := []rune(text)
	var sc scratch
	for k, tok := range sc.tokenize(text) {
		r0, r1 := sc.runeSpan(k)
		if got, want := string(runes[r0:r1]), text[tok.b0:tok.b1]; got != want {
			t.Errorf("runes[%d:%d] = %q, bytes[%d:%d] = %q", r0, r1, got, tok.b0, tok.b1, want)
		}
	}
}

func TestSegment(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"abbreviations", "The U.S. Treasury sanctioned Lazarus. It stole $1.34 billion in 2024.",
			[]string{"The U.S. Treasury sanctioned Lazarus.", "It stole $1.34 billion in 2024."}},
		{"company suffix", "Tech Bureau Corp. said Thursday it lost funds. Police were told.",
			[]string{"Tech Bureau Corp. said Thursday it lost funds.", "Police were told."}},
		{"numbers", "It is No. 2 on the list. Mt. Gox was hacked in 2011.",
			[]string{"It is No. 2 on the list.", "Mt. Gox was hacked in 2011."}},
		{"quotes", "He said: “The funds are gone.” The exchange paused withdrawals.",
			[]string{"He said: “The funds are gone.”", "The exchange paused withdrawals."}},
		{"lines and lists", "Key takeaways\n\n• Hackers drained $5m\n• Users are safe",
			[]string{"Key takeaways", "• Hackers drained $5m", "• Users are safe"}},
		{"lower case after a stop", "It was worth approx. five million dollars.",
			[]string{"It was worth approx. five million dollars."}},
		{"initials", "Analyst J. Smith said so. Next one.", []string{"Analyst J. Smith said so.", "Next one."}},
		{"question and exclamation", "Who did it? North Korea! Again.", []string{"Who did it?", "North Korea!", "Again."}},
	}
	for _, tt := range tests {
		toks := tokenize(tt.in)
		var got []string
		for _, s := range segment(toks, nil) {
			got = append(got, tt.in[toks[s.t0].b0:toks[s.t1-1].b1])
		}
		if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
			t.Errorf("%s: segment = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestTokenizeInvalidUTF8(t *testing.T) {
	text := "ok \xff\xfe $5 million \xc3"
	var sc scratch
	toks := sc.tokenize(text)
	if len(toks) == 0 {
		t.Fatal("no tokens")
	}
	n := utf8.RuneCountInString(text)
	for k, tok := range toks {
		if r0, r1 := sc.runeSpan(k); r0 < 0 || int(r1) > n || r0 > r1 {
			t.Errorf("token %q has rune span [%d,%d) outside %d", tok.low, r0, r1, n)
		}
	}
}
