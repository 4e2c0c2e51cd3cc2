package filter

import "testing"

func TestMatch(t *testing.T) {
	tests := []struct {
		spec, title, summary string
		want                 bool
	}{
		{"", "Fed holds rates", "", true},
		{CryptoTheft, "Hackers drain $40 million from DeFi lender", "", true},
		{CryptoTheft, "BYBIT EXCHANGE HACKED", "", true},
		{CryptoTheft, "Lazarus group blamed", "", true},
		{CryptoTheft, "Stocks rally as bitcoin climbs", "Markets were up.", false},
		{CryptoTheft, "Hackers breach hospital network", "Patient data leaked.", false},
		{CryptoTheft, "Weekly roundup", "Attackers stole tokens from a bridge.", true},
		{CryptoTheft, "Hackathon winners announced", "crypto startups", false},
		{"lazarus, bybit", "Bybit says all is fine", "", true},
		{"lazarus, bybit", "Coinbase lists new token", "", false},
		{"hack, -price prediction", "Bitcoin price prediction after hack", "", false},
		{"-sponsored", "Exchange hack", "", true},
		{"-sponsored", "Sponsored: buy now", "", false},
		{"bridge hack", "The Bridge hack explained", "", true},
	}
	for _, tt := range tests {
		f, err := Parse(tt.spec)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.spec, err)
		}
		if got, why := f.Match(tt.title, tt.summary); got != tt.want {
			t.Errorf("%q.Match(%q, %q) = %v (%s), want %v", tt.spec, tt.title, tt.summary, got, why, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, spec := range []string{",", "hack,,exploit", "-"} {
		if _, err := Parse(spec); err == nil {
			t.Errorf("Parse(%q) = nil error, want one", spec)
		}
	}
}
