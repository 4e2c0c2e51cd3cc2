package cluster

import (
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/heistwatch/heistwatch"
)

// scenario is one clustering case from testdata/scenarios.json: claims in
// arrival order and the groups (claim indexes) they must end up in.
type scenario struct {
	Name    string             `json:"name"`
	Claims  []heistwatch.Claim `json:"claims"`
	Groups  [][]int            `json:"groups"`
	Figures [][3]any           `json:"figures"` // unit, value, sources of the first group
}

func loadScenarios(t *testing.T) []scenario {
	t.Helper()
	b, err := os.ReadFile("testdata/scenarios.json")
	if err != nil {
		t.Fatal(err)
	}
	var out []scenario
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("testdata/scenarios.json: %v", err)
	}
	return out
}

// place runs claims through cl the way the store does: candidates are the
// incidents with the claim's victim key; a match attaches the claim and the
// incident is summarised again. It returns each incident's claim indexes in
// creation order, and the incidents.
func place(cl heistwatch.Clusterer, claims []heistwatch.Claim) ([][]int, []heistwatch.Incident) {
	var incs []heistwatch.Incident
	var members [][]int
	for i, c := range claims {
		var cands []heistwatch.Incident
		for _, inc := range incs {
			if inc.VictimKey == c.VictimKey {
				cands = append(cands, inc)
			}
		}
		id := cl.Match(c, cands)
		if id == 0 {
			incs = append(incs, heistwatch.Incident{ID: int64(len(incs) + 1), Status: heistwatch.StatusPending, VictimKey: c.VictimKey})
			members = append(members, nil)
			id = int64(len(incs))
		}
		members[id-1] = append(members[id-1], i)
		var group []heistwatch.Claim
		for _, j := range members[id-1] {
			group = append(group, claims[j])
		}
		incs[id-1].Extracted, incs[id-1].Confidence = cl.Summarize(group)
	}
	return members, incs
}

func TestScenarios(t *testing.T) {
	for _, sc := range loadScenarios(t) {
		t.Run(sc.Name, func(t *testing.T) {
			got, incs := place(New(), sc.Claims)
			if !slices.EqualFunc(got, sc.Groups, slices.Equal[[]int]) {
				t.Fatalf("groups = %v, want %v", got, sc.Groups)
			}
			if sc.Figures == nil {
				return
			}
			var group []heistwatch.Claim
			for _, j := range sc.Groups[0] {
				group = append(group, sc.Claims[j])
			}
			figs := Figures(group)
			if len(figs) != len(sc.Figures) {
				t.Fatalf("figures = %v, want %v", figs, sc.Figures)
			}
			for i, want := range sc.Figures {
				if figs[i].Unit != want[0] || figs[i].Value != want[1] || float64(figs[i].Sources) != want[2] {
					t.Errorf("figure %d = %+v, want %v", i, figs[i], want)
				}
			}
			if incs[0].Confidence <= sc.Claims[sc.Groups[0][0]].Confidence {
				t.Errorf("confidence %v did not grow over one source's %v", incs[0].Confidence, sc.Claims[0].Confidence)
			}
		})
	}
}

func usd(v int64) *int64 { return &v }

func TestSummarize(t *testing.T) {
	tests := []struct {
		name   string
		claims []heistwatch.Claim
		want   heistwatch.Fields
	}{
		{
			name: "most stated figure wins; named actor beats nation-level; most precise date",
			claims: []heistwatch.Claim{
				{DocumentID: 1, Fields: heistwatch.Fields{Victim: "Ronin Network", AmountUSD: usd(625000000), Actor: "North Korean hackers", ActorFamily: "DPRK", Attribution: heistwatch.Confirmed, AttributedBy: "Treasury", Date: "2022"}, Confidence: 0.9},
				{DocumentID: 2, Fields: heistwatch.Fields{Victim: "Ronin", AmountUSD: usd(620000000), Actor: "Lazarus Group", ActorFamily: "DPRK", Attribution: heistwatch.Suspected, Date: "2022-03-23", Technique: "unknown"}, Confidence: 0.5},
				{DocumentID: 3, Fields: heistwatch.Fields{Victim: "Ronin Network", AmountUSD: usd(620000000), Date: "2022-03", Technique: "key-compromise"}, Confidence: 0.6},
			},
			want: heistwatch.Fields{Victim: "Ronin Network", AmountUSD: usd(620000000), Actor: "Lazarus Group", ActorFamily: "DPRK",
				Attribution: heistwatch.Suspected, Date: "2022-03-23", Technique: "key-compromise"},
		},
		{
			name: "tied figures: the more confident one; confirmed beats attributed for equally named actors",
			claims: []heistwatch.Claim{
				{DocumentID: 1, Fields: heistwatch.Fields{Victim: "Bybit", AmountUSD: usd(1400000000), Actor: "Lazarus", ActorFamily: "DPRK", Attribution: heistwatch.Attributed, AttributedBy: "Elliptic"}, Confidence: 0.6},
				{DocumentID: 2, Fields: heistwatch.Fields{Victim: "Bybit", AmountUSD: usd(1500000000), Actor: "TraderTraitor", ActorFamily: "DPRK", Attribution: heistwatch.Confirmed, AttributedBy: "FBI", Technique: "supply-chain"}, Confidence: 0.9},
				{DocumentID: 2, Fields: heistwatch.Fields{Victim: "Bybit", Technique: "key-compromise"}, Confidence: 0.9},
			},
			want: heistwatch.Fields{Victim: "Bybit", AmountUSD: usd(1500000000), Actor: "TraderTraitor", ActorFamily: "DPRK",
				Attribution: heistwatch.Confirmed, AttributedBy: "FBI", Technique: "supply-chain"},
		},
		{
			name: "native only; no attribution stays empty",
			claims: []heistwatch.Claim{
				{DocumentID: 1, Fields: heistwatch.Fields{Victim: "Mt. Gox", AmountNative: &heistwatch.Money{Value: 850000, Unit: "BTC"}, Date: "2014-02"}, Confidence: 0.6},
				{DocumentID: 2, Fields: heistwatch.Fields{Victim: "Mt Gox", AmountNative: &heistwatch.Money{Value: 850000, Unit: "btc"}}, Confidence: 0.7},
			},
			want: heistwatch.Fields{Victim: "Mt Gox", AmountNative: &heistwatch.Money{Value: 850000, Unit: "BTC"}, Date: "2014-02"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := Summarize(tt.claims)
			g, _ := json.Marshal(got)
			w, _ := json.Marshal(tt.want)
			if string(g) != string(w) {
				t.Errorf("Summarize =\n %s\nwant\n %s", g, w)
			}
		})
	}
}

func TestConfidenceGrowsWithIndependentSources(t *testing.T) {
	one := []heistwatch.Claim{{DocumentID: 1, Confidence: 0.6}}
	sameDoc := append(one, heistwatch.Claim{DocumentID: 1, Confidence: 0.6})
	twoDocs := append(one, heistwatch.Claim{DocumentID: 2, Confidence: 0.6})
	_, c1 := Summarize(one)
	_, cSame := Summarize(sameDoc)
	_, cTwo := Summarize(twoDocs)
	if c1 != 0.6 || cSame != c1 {
		t.Errorf("one document: %v, the same document twice: %v; want 0.6 both", c1, cSame)
	}
	if cTwo <= c1 || cTwo > 0.99 {
		t.Errorf("two documents: %v, want above %v and at most 0.99", cTwo, c1)
	}
}

func TestMatchUsesReviewerEdits(t *testing.T) {
	// The extracted figure was wrong ($6M); the reviewer set $60M. A claim
	// saying $61M belongs to it, and so does one repeating the wrong figure.
	inc := heistwatch.Incident{ID: 7, VictimKey: "x", Extracted: heistwatch.Fields{AmountUSD: usd(6000000)},
		Edits: heistwatch.Edits{Fields: heistwatch.Fields{AmountUSD: usd(60000000)}, Set: []string{"amount_usd"}}}
	cl := New()
	for _, v := range []int64{61000000, 6000000} {
		c := heistwatch.Claim{VictimKey: "x", Fields: heistwatch.Fields{AmountUSD: usd(v)}}
		if got := cl.Match(c, []heistwatch.Incident{inc}); got != 7 {
			t.Errorf("claim $%d: Match = %d, want 7", v, got)
		}
	}
	c := heistwatch.Claim{VictimKey: "x", Fields: heistwatch.Fields{AmountUSD: usd(20000000)}}
	if got := cl.Match(c, []heistwatch.Incident{inc}); got != 0 {
		t.Errorf("claim $20M: Match = %d, want 0", got)
	}
	if got := cl.Match(heistwatch.Claim{Fields: heistwatch.Fields{AmountUSD: usd(60000000)}}, []heistwatch.Incident{inc}); got != 0 {
		t.Errorf("claim without a victim key matched incident %d", got)
	}
	other := inc
	other.VictimKey = "y"
	if got := cl.Match(heistwatch.Claim{VictimKey: "x"}, []heistwatch.Incident{other}); got != 0 {
		t.Errorf("claim for victim x matched an incident of victim y")
	}
	merged := inc
	merged.Status = heistwatch.StatusMerged
	if got := cl.Match(heistwatch.Claim{VictimKey: "x"}, []heistwatch.Incident{merged}); got != 0 {
		t.Errorf("merged incident matched: %d", got)
	}
}

func TestFigureString(t *testing.T) {
	tests := []struct {
		f    Figure
		want string
	}{
		{Figure{Value: 620e6, Unit: USD, Sources: 3}, "$620M (3 sources)"},
		{Figure{Value: 1.46e9, Unit: USD, Sources: 1, Qualifier: "over"}, "over $1.46B (1 source)"},
		{Figure{Value: 90e6, Max: 100e6, Unit: USD, Sources: 2, Qualifier: "range"}, "$90M–$100M (2 sources)"},
		{Figure{Value: 4502.9, Unit: "BTC", Sources: 1}, "4502.9 BTC (1 source)"},
		{Figure{Value: 850000, Unit: "BTC", Sources: 2}, "850,000 BTC (2 sources)"},
		{Figure{Value: 7500, Unit: USD, Sources: 1}, "$7500 (1 source)"},
	}
	for _, tt := range tests {
		if got := tt.f.String(); got != tt.want {
			t.Errorf("%+v.String() = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestValidDate(t *testing.T) {
	for s, want := range map[string]bool{"2024": true, "2024-05": true, "2024-05-31": true, "": false,
		"2024-13": false, "24-05": false, "2024-5": false, "May 2024": false, "2024-05-32": false} {
		if got := ValidDate(s); got != want {
			t.Errorf("ValidDate(%q) = %v, want %v", s, got, want)
		}
	}
}

// BenchmarkMatch places a claim among 200 incidents of one victim, the
// worst case of a much-robbed exchange.
func BenchmarkMatch(b *testing.B) {
	cands := make([]heistwatch.Incident, 200)
	for i := range cands {
		cands[i] = heistwatch.Incident{ID: int64(i + 1), VictimKey: "v", Extracted: heistwatch.Fields{
			AmountUSD: usd(int64(1000000 * (i + 1))), Date: fmt.Sprintf("%d-%02d", 2000+i/12, i%12+1)}}
	}
	c := heistwatch.Claim{VictimKey: "v", Fields: heistwatch.Fields{AmountUSD: usd(150500000), Date: "2012-06"}}
	cl := New()
	for b.Loop() {
		cl.Match(c, cands)
	}
}

// BenchmarkSummarize summarises an incident reported by 100 articles.
func BenchmarkSummarize(b *testing.B) {
	claims := make([]heistwatch.Claim, 100)
	for i := range claims {
		claims[i] = heistwatch.Claim{DocumentID: int64(i + 1), Confidence: 0.6, Fields: heistwatch.Fields{
			Victim: "Bybit", AmountUSD: usd(int64(1400000000 + 10000000*(i%10))), Actor: "Lazarus Group",
			ActorFamily: "DPRK", Attribution: heistwatch.Attributed, Date: "2025-02-21", Technique: "supply-chain"}}
	}
	for b.Loop() {
		Summarize(claims)
	}
}
