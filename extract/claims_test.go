package extract

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// The sentences here are written for these tests; the victim names are
// invented so the patterns, not the gazetteer, must find them.

func victimsOf(r Result) []string {
	var out []string
	for _, c := range r.Incidents {
		out = append(out, c.Victim)
	}
	sort.Strings(out)
	return out
}

func TestVictimPatterns(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		text string
		want []string
	}{
		{"Hackers stole $12 million from the Brazilian exchange Quorbix on Monday.", []string{"Quorbix"}},
		{"The Zentavo exchange lost $8 million in a hack.", []string{"Zentavo"}},
		{"Attackers drained $3.2 million from the Plimsor bridge.", []string{"Plimsor"}},
		{"The hack of Vantrello cost users $40 million.", []string{"Vantrello"}},
		{"Krellix was hacked on Friday, losing $9 million.", []string{"Krellix"}},
		{"Hackers drained $5 million from 1inch Network.", []string{"1inch"}},
		{"Someone emptied Dravona's hot wallet of $5 million in ether.", []string{"Dravona"}},
		{"Trombly has lost over $290 million in crypto from an exploit.", []string{"Trombly"}},
		{"Crypto lender Ostavia suffered a $25 million breach.", []string{"Ostavia"}},
		{"Mervane Hacked for $48 Million", []string{"Mervane"}},
		{"Exploiters hit DeFi protocol Yantorra Finance for $11 million.", []string{"Yantorra Finance"}},
		{"North Korean hackers compromised Web3 gaming incubator Skelvo's bridge, draining $1.2 million.", []string{"Skelvo"}},
		{"Thieves took a combined $80 million from Orvex, Palmira and Quenth in 2017.", []string{"Orvex", "Palmira", "Quenth"}},
		{"They were linked to attacks against the Tessaly bridge ($100 million in losses) and the Norvik bridge ($190 million in losses).", []string{"Norvik", "Tessaly"}},
		// people, headlines and tickers are not victims
		{"Co-founder Ravi Menon said the loss was covered. Menon said hackers stole $4 million from the Olvare exchange.", []string{"Olvare"}},
		{"Further Exploits and Frozen Funds", nil},
		{"Flash Loan Exploit Strikes Dravemo Finance For $30 Million\n\nAnother exploit hits Dravemo Finance, this time for $30 million.", []string{"Dravemo Finance"}},
		{"Hackers Target Ulmaro Lab\n\nUlmaro Lab faced a $4 million exploit in May.", []string{"Ulmaro Lab"}},
		{"Nelvio Finance hit by $197 million flash loan attack", []string{"Nelvio Finance"}},
		{"Varlo halts withdrawals after $4M exploit", []string{"Varlo"}},
		{"Attackers steal $25M in crypto from Falmo's hot wallet", []string{"Falmo"}},
		{"North Korean hackers behind $1.5B Zebrix heist, FBI says", []string{"Zebrix"}},
		{"Hackers drained $5 million. Then they hit", nil},
		{"The hack moved funds on OP and Polygon, stealing $2 million.", nil},
	}
	for _, tt := range tests {
		got := victimsOf(x.Extract(Input{Text: tt.text}))
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q\n got victims %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestLookalikesAreNotThefts(t *testing.T) {
	x := newTestExtractor(t)
	for _, text := range []string{
		"Police seized $2.3 million in bitcoin from the Darkhold gang.",
		"The regulator fined the Quorbix exchange $24 million for compliance failures.",
		"Colonial Pipeline paid hackers a $5 million ransom after the ransomware attack.",
		"Zentavo raised $40 million in a funding round led by venture firms.",
		"A white hat hacker earned a $2 million bounty after finding a bug that could have drained the Plimsor bridge of $850 million.",
		"Bitcoin's price crashed to $58,000, and liquidations exceeded $320 million in 24 hours.",
		"The exchange recovered $204 million of the stolen funds.",
		"Prosecutors said the founder took more than $10bn from his customers.",
	} {
		r := x.Extract(Input{Text: text})
		if len(r.Incidents) > 0 {
			t.Errorf("%q: got incidents %+v", text, r.Incidents)
		}
		if len(r.Aggregates) > 0 {
			t.Errorf("%q: got aggregates %+v", text, r.Aggregates)
		}
	}
}

func TestAttribution(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		text   string
		family string
		level  string
		by     string
	}{
		{"The FBI confirmed that the Lazarus Group stole $41 million from the Vellora casino.", "DPRK", "confirmed", "FBI"},
		{"North Korean hackers may be responsible for the $70 million breach of the Quindar exchange.", "DPRK", "suspected", ""},
		{"Hackers with possible links to Israel drained $90 million from Tarsel, Iran's largest exchange.", "IL", "suspected", ""},
		{"Elliptic attributed the $100 million theft from Morvane to TraderTraitor.", "DPRK", "attributed", "Elliptic"},
		{"Two Russian nationals were charged over the 2011 hack of the Gorvex exchange, which lost 647,000 bitcoins.", "", "", ""},
		// North Korea mentioned, but not as the thief: no family
		{"Sanctions on North Korea tightened. Separately, hackers stole $5 million from the Pellam exchange.", "", "", ""},
		{"Avraham Eisenberg drained $110 million from Ostrava Markets.", "", "", ""},
		{"In a statement, the FBI said TraderTraitor actors were responsible for the May 31 theft of $308 million from Kovira.", "DPRK", "confirmed", "FBI"},
		{"The Iranian exchange hack cost the Pelvara exchange $4 million.", "", "", ""},
		{"North Korea's cyber operations drained $12 million from the Pelvara exchange.", "DPRK", "attributed", ""},
	}
	for _, tt := range tests {
		r := x.Extract(Input{Text: tt.text})
		if len(r.Incidents) != 1 {
			t.Errorf("%q: %d incidents, want 1: %+v", tt.text, len(r.Incidents), r.Incidents)
			continue
		}
		c := r.Incidents[0]
		if c.ActorFamily != tt.family || (tt.family != "" && c.Attribution != tt.level) || c.AttributedBy != tt.by {
			t.Errorf("%q: family %q level %q by %q, want %q %q %q", tt.text, c.ActorFamily, c.Attribution, c.AttributedBy,
				tt.family, tt.level, tt.by)
		}
	}
}

func TestAttributionCarriedToLaterIncidents(t *testing.T) {
	x := newTestExtractor(t)
	text := "Lazarus has been busy. In 2022 they hit the Tessaly bridge and stole $100 million.\n\n" +
		"This year, they also drained $35 million from Norvik Wallet.\n\n" +
		"Separately, the Pellam exchange lost $3 million to an unknown attacker last week."
	r := x.Extract(Input{Text: text, Published: "2023-06-01"})
	fam := map[string]string{}
	for _, c := range r.Incidents {
		fam[c.Victim] = c.ActorFamily
	}
	want := map[string]string{"Tessaly": "DPRK", "Norvik Wallet": "DPRK", "Pellam": ""}
	for v, f := range want {
		got, ok := fam[v]
		if !ok || got != f {
			t.Errorf("victim %s: family %q (found %v), want %q; all %v", v, got, ok, f, fam)
		}
	}
}

func TestAggregates(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		text   string
		family string
		usd    int64
		period string
	}{
		{"North Korean hackers stole a record $1.34 billion in cryptocurrency in 2024.", "DPRK", 1_340_000_000, "2024"},
		{"Thieves stole a record $3.8 billion worth of crypto in 2022 as sanctions on North Korea bit.", "", 3_800_000_000, "2022"},
		{"Since 2017, North Korea has stolen an estimated $3 billion.", "DPRK", 3_000_000_000, "2017-2023"},
		{"In 2023 alone, the Lazarus Group is known to have stolen over $200 million.", "DPRK", 200_000_000, "2023"},
	}
	for _, tt := range tests {
		r := x.Extract(Input{Text: tt.text, Published: "2023-12-01"})
		if len(r.Aggregates) != 1 || len(r.Incidents) != 0 {
			t.Errorf("%q: %d aggregates %d incidents, want 1 and 0", tt.text, len(r.Aggregates), len(r.Incidents))
			continue
		}
		a := r.Aggregates[0]
		if a.ActorFamily != tt.family || *a.AmountUSD != tt.usd || a.Period != tt.period {
			t.Errorf("%q: got %q %d %q, want %q %d %q", tt.text, a.ActorFamily, *a.AmountUSD, a.Period, tt.family, tt.usd, tt.period)
		}
	}
	// a comparison with the total just stated, and "losses reached"
	r0 := x.Extract(Input{Text: "Hackers linked to North Korea stole $1.34 billion across 47 incidents in 2024. That is up from $660 million in 2023. " +
		"Crypto losses to hacks and scams reached $2.2 billion in 2024.", Published: "2024-12-20"})
	want0 := map[int64]string{1_340_000_000: "DPRK", 660_000_000: "DPRK", 2_200_000_000: ""}
	if len(r0.Aggregates) != len(want0) {
		t.Errorf("comparison: %d aggregates, want %d", len(r0.Aggregates), len(want0))
	}
	for _, a := range r0.Aggregates {
		if f, ok := want0[*a.AmountUSD]; !ok || f != a.ActorFamily {
			t.Errorf("comparison: unexpected aggregate %q %d", a.ActorFamily, *a.AmountUSD)
		}
	}
	// "$1.6 billion of the $2.1 billion": the second total is everyone's
	r := x.Extract(Input{Text: "In the first half of 2025, North Korea-linked actors were responsible for $1.6 billion of the $2.1 billion stolen in 75 hacks."})
	got := map[string]int64{}
	for _, a := range r.Aggregates {
		got[a.ActorFamily] = *a.AmountUSD
	}
	if got["DPRK"] != 1_600_000_000 || got[""] != 2_100_000_000 {
		t.Errorf("share of a total: got %v", got)
	}
}

func TestDates(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		text, published, want string
	}{
		{"Hackers stole $5 million from the Quorbix exchange on September 4, 2023.", "", "2023-09-04"},
		{"Hackers stole $5 million from the Quorbix exchange in March 2019.", "", "2019-03"},
		{"Hackers stole $5 million from the Quorbix exchange in May.", "2024-06-25", "2024-05"},
		{"Hackers stole $5 million from the Quorbix exchange in November.", "2024-03-14", "2023-11"},
		{"Hackers stole $5 million from the Quorbix exchange last year.", "2023-02-01", "2022"},
		{"Hackers stole $5 million from the Quorbix exchange on Tuesday.", "2023-09-14", "2023-09-12"},
		{"Hackers stole $5 million from the Quorbix exchange on 18 July 2024.", "", "2024-07-18"},
		{"Hackers stole $5 million from the Quorbix exchange.", "2024-01-01", ""},
	}
	for _, tt := range tests {
		r := x.Extract(Input{Text: tt.text, Published: tt.published})
		if len(r.Incidents) != 1 {
			t.Errorf("%q: %d incidents", tt.text, len(r.Incidents))
			continue
		}
		if got := r.Incidents[0].Date; got != tt.want {
			t.Errorf("%q (published %q): date %q, want %q", tt.text, tt.published, got, tt.want)
		}
	}
}

func TestTechniques(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct{ text, want string }{
		{"A flash loan attack drained $3 million from the Yantorra protocol.", "exploit"},
		{"Attackers obtained the private keys and stole $9 million from the Krellix exchange.", "key-compromise"},
		{"The Dravona exchange lost $7 million after staff fell for a phishing campaign with fake job offers.", "social-engineering"},
		{"A rogue employee stole $2 million from the Plimsor exchange.", "insider"},
		{"A malicious npm package let hackers steal $1 million from the Tessaly wallet.", "supply-chain"},
		{"Hackers stole $4 million from the Olvare exchange; there was no insider involvement.", ""},
	}
	for _, tt := range tests {
		r := x.Extract(Input{Text: tt.text})
		if len(r.Incidents) != 1 {
			t.Errorf("%q: %d incidents", tt.text, len(r.Incidents))
			continue
		}
		if got := r.Incidents[0].Technique; got != tt.want {
			t.Errorf("%q: technique %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestAmountsPerVictim(t *testing.T) {
	x := newTestExtractor(t)
	text := "Crypto bridge Norvik had nearly $200 million drained in August shortly before DeFi protocol Yantorra Finance had $570,000 stolen. " +
		"Separately, $60 million was stolen from Orvex and Palmira. " +
		"Last week, Sorvena lost $5 million to an oracle attack, Pellix was drained of $2 million and Dumara suffered a $1 million exploit."
	r := x.Extract(Input{Text: text})
	got := map[string]int64{}
	for _, c := range r.Incidents {
		if c.AmountUSD != nil {
			got[c.Victim] = *c.AmountUSD
		} else {
			got[c.Victim] = -1
		}
	}
	want := map[string]int64{"Norvik": 200_000_000, "Yantorra Finance": 570_000, "Orvex": -1, "Palmira": -1,
		"Sorvena": 5_000_000, "Pellix": 2_000_000, "Dumara": 1_000_000}
	for v, a := range want {
		if got[v] != a {
			t.Errorf("%s: amount %d, want %d (all %v)", v, got[v], a, got)
		}
	}
}

func TestEvidenceOffsets(t *testing.T) {
	x := newTestExtractor(t)
	text := "Ünïcode héadline — “quotes”\n\nNorth Korean hackers stole ₩58 billion ($41 million) from the Quorbix exchange in 2019. " +
		"In 2024 North Korean hackers stole $1.34 billion."
	r := x.Extract(Input{Text: text})
	runes := []rune(text)
	n := 0
	for _, c := range append(r.Incidents, r.Aggregates...) {
		if len(c.Rules) == 0 {
			t.Errorf("claim %+v has no rules", c)
		}
		for _, e := range c.Evidence {
			n++
			if e.Start < 0 || e.End > len(runes) || e.Start >= e.End || string(runes[e.Start:e.End]) != e.Text {
				t.Errorf("evidence [%d:%d] %q does not match the text", e.Start, e.End, e.Text)
			}
		}
	}
	if n == 0 {
		t.Fatal("no evidence")
	}
}

func TestRulesFileExtends(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "extra.yaml")
	extra := `lists:
  theft_verbs: [purloined]
venues:
  - {name: Qwertex Exchange, aliases: [QwertexPro], kind: exchange}
actors:
  - {name: Glass Heron, aliases: [Heron Team], family: CN, kind: apt}
victim_patterns:
  - {id: victim.custom-raid, strength: strong, pattern: "raiders struck VICTIM"}
`
	if err := os.WriteFile(path, []byte(extra), 0o600); err != nil {
		t.Fatal(err)
	}
	x, err := New(path)
	if err != nil {
		t.Fatal(err)
	}
	r := x.Extract(Input{Text: "The Heron Team purloined $6 million from QwertexPro on Monday."})
	if len(r.Incidents) != 1 || r.Incidents[0].Victim != "Qwertex Exchange" || r.Incidents[0].ActorFamily != "CN" {
		t.Fatalf("extra rules not applied: %+v", r.Incidents)
	}
	if x.VictimKey("QwertexPro") != x.VictimKey("Qwertex Exchange") {
		t.Errorf("alias key %q != canonical key %q", x.VictimKey("QwertexPro"), x.VictimKey("Qwertex Exchange"))
	}
	for _, bad := range []string{"lists: {no_such_list: [x]}", "victim_patterns: [{id: p, pattern: \"hacked\"}]", "venues: [{aliases: [X]}]", "lists: [oops"} {
		if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := New(path); err == nil {
			t.Errorf("rules %q: want an error", bad)
		}
	}
	if _, err := New(filepath.Join(dir, "missing.yaml")); err == nil {
		t.Error("missing rules file: want an error")
	}
}

func TestVictimKey(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct{ a, b string }{
		{"Harmony", "Harmony Horizon Bridge"},
		{"Axie Infinity", "Ronin Network"},
		{"Stake.com", "Stake dot com"},
		{"1inch Network", "1inch"},
		{"the Quorbix exchange", "Quorbix"},
		{"Yantorra Finance", "Yantorra"},
	}
	for _, tt := range tests {
		if ka, kb := x.VictimKey(tt.a), x.VictimKey(tt.b); ka != kb {
			t.Errorf("VictimKey(%q)=%q, VictimKey(%q)=%q; want equal", tt.a, ka, tt.b, kb)
		}
	}
	if k := x.VictimKey("The Zentavo Exchange, Inc."); k != "zentavo" {
		t.Errorf("VictimKey folding: %q, want zentavo", k)
	}
}

func TestDeterministic(t *testing.T) {
	x := newTestExtractor(t)
	text := "Lazarus stole $100 million from the Tessaly bridge and $35 million from Norvik Wallet in 2023, while thieves took $2 billion in 2023."
	a := NewRecord("a", x.Extract(Input{Text: text}))
	for i := 0; i < 20; i++ {
		b := NewRecord("a", x.Extract(Input{Text: text}))
		if !equalJSON(t, a, b) {
			t.Fatal("output differs between runs")
		}
	}
}

func TestNearMissesExplain(t *testing.T) {
	x := newTestExtractor(t)
	text := "The Lazarus Group is a North Korean hacking group. Police seized $3 million from a launderer. " +
		"A white hat said hackers could have drained $850 million from the Plimsor bridge."
	r := x.Extract(Input{Text: text})
	if len(r.Incidents) != 0 {
		t.Fatalf("incidents: %+v", r.Incidents)
	}
	kinds := map[string]string{}
	for _, m := range r.NearMisses {
		kinds[m.What] += m.Reason + "; "
		if m.Evidence.Text == "" {
			t.Errorf("near miss without evidence: %+v", m)
		}
	}
	for _, want := range []string{"money", "actor", "sentence"} {
		if kinds[want] == "" {
			t.Errorf("no %s near miss; got %v", want, kinds)
		}
	}
	if !strings.Contains(kinds["money"], "seized") {
		t.Errorf("money near miss should name the seizure: %q", kinds["money"])
	}
}

func TestArticles(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		name, text, published string
		victim                string // "" means no incident
		usd                   int64
		family                string
	}{
		{"named once, robbed in the next sentence",
			"Singapore-based crypto exchange Talvex has halted withdrawals after detecting unauthorized access to one of its hot wallets.\n\n" +
				"According to on-chain investigator ZachXBT, roughly $27 million in ETH was siphoned from the platform on Wednesday.\n\n" +
				"Security firm Cyvers said the attack resembled previous incidents linked to North Korea's Lazarus Group.",
			"2024-11-21", "Talvex", 27_000_000, "DPRK"},
		{"wallets compromised, losses estimated later",
			"Estonia-based Gorvala Wallet said on Saturday that some users' wallets had been compromised. " +
				"Blockchain sleuth ZachXBT estimated losses at more than $35 million.\n\nElliptic later attributed the attack to the Lazarus Group.",
			"2023-06-04", "Gorvala Wallet", 35_000_000, "DPRK"},
		{"contrast is no attribution",
			"Unlike last year's Lazarus hacks, investigators believe the $3 million theft from the Pirla wallet was an inside job.",
			"2024-11-21", "Pirla", 3_000_000, ""},
		{"court case about a theft",
			"A New York jury convicted Tomas Reyl of stealing $110 million from the lending protocol Orbiq in October 2022.",
			"2024-04-18", "Orbiq", 110_000_000, ""},
		{"nationality before the exchange",
			"Russian hackers stole $3 million from the Moldovan exchange Kravix, according to the company.",
			"2024-12-20", "Kravix", 3_000_000, "RU"},
		{"coins and dollars said by the victim",
			"The Merlo exchange said 2,000 BTC worth about $200 million was stolen from its cold wallet on December 18.",
			"2024-12-20", "Merlo", 200_000_000, ""},
		{"a denial is no attribution", "Russia denied involvement in the $5 million Nexa hack.", "2024-12-20", "Nexa", 5_000_000, ""},
		{"an actor before a separate theft is not its thief",
			"The Lazarus Group has stolen billions of dollars over the years. Separately, the Vantro exchange lost $3 million on Tuesday.",
			"2024-06-01", "Vantro", 3_000_000, ""},
		{"funding round", "Crypto startup Felumo raised $20 million in a Series A round led by Paradigm.", "2025-03-02", "", 0, ""},
		{"freeze", "Binance froze $5 million in stolen funds, the exchange said.", "2025-03-02", "", 0, ""},
	}
	for _, tt := range tests {
		r := x.Extract(Input{Text: tt.text, Published: tt.published})
		if tt.victim == "" {
			if len(r.Incidents) != 0 {
				t.Errorf("%s: incidents %+v", tt.name, r.Incidents)
			}
			continue
		}
		if len(r.Incidents) != 1 {
			t.Errorf("%s: %d incidents, want 1: %v", tt.name, len(r.Incidents), victimsOf(r))
			continue
		}
		c := r.Incidents[0]
		if c.Victim != tt.victim || c.AmountUSD == nil || *c.AmountUSD != tt.usd || c.ActorFamily != tt.family {
			t.Errorf("%s: got %s %v %q, want %s %d %q", tt.name, c.Victim, c.AmountUSD, c.ActorFamily, tt.victim, tt.usd, tt.family)
		}
	}
}

func TestTitleFillsWhatTheTextLacks(t *testing.T) {
	x := newTestExtractor(t)
	in := Input{Title: "North Korea-linked hack costs crypto exchange Rovaxa $52 million",
		Text: "Crypto exchange Rovaxa confirmed that it experienced a minor asset loss from one of its hot wallets."}
	r := x.Extract(in)
	if len(r.Incidents) != 1 {
		t.Fatalf("%d incidents", len(r.Incidents))
	}
	c := r.Incidents[0]
	if c.AmountUSD == nil || *c.AmountUSD != 52_000_000 || c.ActorFamily != "DPRK" {
		t.Errorf("title not used: %v %q", c.AmountUSD, c.ActorFamily)
	}
	for _, e := range c.Evidence {
		if !strings.Contains(in.Text, e.Text) {
			t.Errorf("evidence %q is not from the text", e.Text)
		}
	}
}

func TestConcurrentExtract(t *testing.T) {
	x := newTestExtractor(t)
	texts := []string{
		"Hackers stole $12 million from the Brazilian exchange Quorbix. North Korea's Lazarus Group was blamed.",
		"North Korean hackers stole a record $1.34 billion in cryptocurrency in 2024.",
		"Police seized $2.3 million in bitcoin from the Darkhold gang.",
	}
	want := make([]Record, len(texts))
	for i, s := range texts {
		want[i] = NewRecord("x", x.Extract(Input{Text: s}))
	}
	done := make(chan bool)
	for g := 0; g < 8; g++ {
		go func(g int) {
			for i := 0; i < 30; i++ {
				k := (g + i) % len(texts)
				if got := NewRecord("x", x.Extract(Input{Text: texts[k]})); !equalJSON(t, got, want[k]) {
					t.Errorf("goroutine %d: result differs for text %d", g, k)
				}
			}
			done <- true
		}(g)
	}
	for g := 0; g < 8; g++ {
		<-done
	}
}
