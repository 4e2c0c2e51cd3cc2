package extract

import (
	"math"
	"testing"
)

func newTestExtractor(t testing.TB) *Extractor {
	t.Helper()
	x, err := New("")
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func TestMoneyForms(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		in    string
		unit  string // "" means no amount at all
		value float64
		qual  string
		max   float64
	}{
		{"hackers took $2 billion", "USD", 2e9, "", 0},
		{"a $1.34bn haul", "USD", 1.34e9, "", 0},
		{"US$ 100m was drained", "USD", 100e6, "", 0},
		{"USD 5 million vanished", "USD", 5e6, "", 0},
		{"some 100 million dollars", "USD", 100e6, "about", 0},
		{"half a billion dollars went missing", "USD", 500e6, "", 0},
		{"over $7 million", "USD", 7e6, "over", 0},
		{"nearly $200 million", "USD", 200e6, "nearly", 0},
		{"roughly $400 million", "USD", 400e6, "about", 0},
		{"more than $1.3 billion", "USD", 1.3e9, "over", 0},
		{"up to $55 million", "USD", 55e6, "up to", 0},
		{"$32 mil. in coins", "USD", 32e6, "", 0},
		{"$4M exploit", "USD", 4e6, "", 0},
		{"$11,000,000 worth", "USD", 11e6, "", 0},
		{"$630 million to $1 billion", "USD", 630e6, "range", 1e9},
		{"between $630 million and more than $1 billion", "USD", 630e6, "range", 1e9},
		{"£180 million of Bitcoin", "GBP", 180e6, "", 0},
		{"€5 million", "EUR", 5e6, "", 0},
		{"¥6.7 billion", "JPY", 6.7e9, "", 0},
		{"₩58 billion", "KRW", 58e9, "", 0},
		{"58 billion won", "KRW", 58e9, "", 0},
		{"44.5bn won", "KRW", 44.5e9, "", 0},
		{"Rs. 368 crore", "INR", 3.68e9, "", 0},
		{"₹2000 crore", "INR", 20e9, "", 0},
		{"4,500 bitcoins", "BTC", 4500, "", 0},
		{"5,000 ETH", "ETH", 5000, "", 0},
		{"342,000 Ethereum", "ETH", 342000, "", 0},
		{"20 million USDT", "USDT", 20e6, "", 0},
		{"200 million PLA tokens", "PLA", 200e6, "", 0},
		{"100 million Australian dollars", "AUD", 100e6, "", 0},
		{"HK$ 50 million", "HKD", 50e6, "", 0},
		// other languages: the right amount or none, never a wrong one
		{"4,3 milioni di dollari", "USD", 4.3e6, "", 0},
		{"571 Millionen US-Dollar", "USD", 571e6, "", 0},
		{"1.500 Millionen Euro", "EUR", 1500e6, "", 0},
		{"1,5 Milliarden Dollar", "USD", 1.5e9, "", 0},
		{"12,5 millones de dólares", "USD", 12.5e6, "", 0},
		// not amounts
		{"1,2345 dollars", "", 0, "", 0},
		{"more than 2000 transactions", "", 0, "", 0},
		{"11,800 STX transactions", "", 0, "", 0},
		{"billions of dollars", "", 0, "", 0},
		{"the year 2024", "", 0, "", 0},
	}
	for _, tt := range tests {
		d := x.analyse(Input{Text: tt.in})
		if tt.unit == "" {
			if len(d.money) != 0 {
				t.Errorf("%q: got amount %+v, want none", tt.in, d.money[0])
			}
			continue
		}
		if len(d.money) == 0 {
			t.Errorf("%q: no amount, want %v %s", tt.in, tt.value, tt.unit)
			continue
		}
		m := d.money[0]
		if m.unit != tt.unit || math.Abs(m.value-tt.value) > 1e-6*tt.value || m.qual != tt.qual || math.Abs(m.max-tt.max) > 1 {
			t.Errorf("%q: got %v %s qual %q max %v, want %v %s qual %q max %v", tt.in, m.value, m.unit, m.qual, m.max,
				tt.value, tt.unit, tt.qual, tt.max)
		}
		if m.usd != (tt.unit == "USD") {
			t.Errorf("%q: usd = %v for unit %s", tt.in, m.usd, m.unit)
		}
	}
}

func TestMoneyEquivalentInParentheses(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		in     string
		usd    int64
		native float64
		unit   string
	}{
		{"about ¥6.7 billion ($59.7 million) worth of bitcoin", 59_700_000, 6.7e9, "JPY"},
		{"a 44.5bn won ($30.4mn) theft", 30_400_000, 44.5e9, "KRW"},
		{"approximately $235 million (around ₹2000 crore)", 235_000_000, 20e9, "INR"},
	}
	for _, tt := range tests {
		d := x.analyse(Input{Text: tt.in})
		if len(d.money) != 2 {
			t.Fatalf("%q: %d amounts, want 2", tt.in, len(d.money))
		}
		u, ok := d.usdOf(0)
		v, unit, nok := d.nativeOf(0)
		if !ok || u != tt.usd || !nok || v != tt.native || unit != tt.unit {
			t.Errorf("%q: usd %d %v native %v %s %v, want %d %v %s", tt.in, u, ok, v, unit, nok, tt.usd, tt.native, tt.unit)
		}
		if ok, _ := x.moneyEligible(d, 1); ok {
			t.Errorf("%q: the equivalent in parentheses must not count as a second amount", tt.in)
		}
	}
}

func TestParseNumberNeverGuessesWrong(t *testing.T) {
	tests := []struct {
		in      string
		foreign bool
		want    float64
		ok      bool
	}{
		{"4500", false, 4500, true},
		{"4,500", false, 4500, true},
		{"1,340.5", false, 1340.5, true},
		{"1.340,5", true, 1340.5, true},
		{"4,3", true, 4.3, true},
		{"1.34", false, 1.34, true},
		{"1.500", true, 1500, true},
		{"1.000.000", false, 1e6, true},
		{"1,2345", false, 0, false},
		{"1.2.3", false, 0, false},
		{"12,34,567", false, 0, false},
	}
	for _, tt := range tests {
		got, ok := parseNumber(tt.in, tt.foreign)
		if ok != tt.ok || (ok && math.Abs(got-tt.want) > 1e-9) {
			t.Errorf("parseNumber(%q, %v) = %v, %v; want %v, %v", tt.in, tt.foreign, got, ok, tt.want, tt.ok)
		}
	}
}
