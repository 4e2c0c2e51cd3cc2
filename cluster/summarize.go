package cluster

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/heistwatch/heistwatch"
)

// USD is the Unit of a Figure that is a US-dollar amount.
const USD = "USD"

// Figure is one amount the sources state for an incident, with how many
// documents state it, so a reviewer sees conflicts side by side:
// "$620M (3 sources) / $625M (1 source)".
type Figure struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit"` // USD, or the native unit as the text states it
	// Max is the upper end when a source gives a range, else 0.
	Max float64 `json:"max,omitempty"`
	// Qualifier is the wording next to the figure ("over", "nearly"…) of its
	// most confident claim.
	Qualifier string `json:"qualifier,omitempty"`
	// Sources counts distinct documents stating the figure; Claims counts claims.
	Sources int `json:"sources"`
	Claims  int `json:"claims"`
	// Confidence is the highest confidence of a claim stating it.
	Confidence float64 `json:"confidence"`
}

// String renders the figure as a reviewer reads it: "$620M (3 sources)".
func (f Figure) String() string {
	src := "sources"
	if f.Sources == 1 {
		src = "source"
	}
	amount := FormatAmount(f.Value, f.Unit)
	if f.Max > f.Value {
		amount += "–" + FormatAmount(f.Max, f.Unit)
	}
	if f.Qualifier != "" && f.Qualifier != "range" {
		amount = f.Qualifier + " " + amount
	}
	return fmt.Sprintf("%s (%d %s)", amount, f.Sources, src)
}

// FormatAmount shortens a figure for display: "$620M", "$1.5B", "4,500 BTC".
func FormatAmount(v float64, unit string) string {
	if unit != USD {
		s := trimFloat(v)
		if v >= 1000 && v == math.Trunc(v) {
			s = groupThousands(int64(v))
		}
		return s + " " + unit
	}
	switch a := math.Abs(v); {
	case a >= 1e9:
		return "$" + trimFloat(roundTo(v/1e9, 3)) + "B"
	case a >= 1e6:
		return "$" + trimFloat(roundTo(v/1e6, 3)) + "M"
	case a >= 1e4:
		return "$" + trimFloat(roundTo(v/1e3, 3)) + "K"
	}
	return "$" + trimFloat(v)
}

func roundTo(v float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(v*p) / p
}

func trimFloat(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.3f", v), "0"), ".")
}

func groupThousands(n int64) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Figures lists every distinct amount the claims state, dollar figures first,
// each with the number of documents stating it; within a unit the most
// stated figure comes first (ties: highest confidence, then most claims,
// then the larger figure).
func Figures(claims []heistwatch.Claim) []Figure {
	type key struct {
		unit     string
		value    float64
		maxValue float64
	}
	type acc struct {
		Figure
		docs []int64
	}
	byKey := map[key]*acc{}
	var order []key
	add := func(k key, c *heistwatch.Claim, qualifier string) {
		a := byKey[k]
		if a == nil {
			a = &acc{Figure: Figure{Value: k.value, Unit: k.unit, Max: k.maxValue}}
			byKey[k] = a
			order = append(order, k)
		}
		a.Claims++
		a.docs = append(a.docs, docKey(c))
		if c.Confidence > a.Confidence || a.Claims == 1 {
			a.Confidence = c.Confidence
			a.Qualifier = qualifier
		}
	}
	for i := range claims {
		c := &claims[i]
		if c.AmountUSD != nil {
			k := key{unit: USD, value: float64(*c.AmountUSD)}
			if c.AmountUSDMax != nil && *c.AmountUSDMax > *c.AmountUSD {
				k.maxValue = float64(*c.AmountUSDMax)
			}
			add(k, c, c.AmountQualifier)
		}
		if c.AmountNative != nil && c.AmountNative.Unit != "" {
			add(key{unit: normUnit(c.AmountNative.Unit), value: c.AmountNative.Value}, c, "")
		}
	}
	out := make([]Figure, 0, len(order))
	for _, k := range order {
		a := byKey[k]
		a.Sources = len(distinct(a.docs))
		out = append(out, a.Figure)
	}
	slices.SortStableFunc(out, func(x, y Figure) int {
		if x.Unit != y.Unit {
			if x.Unit == USD || y.Unit == USD {
				return boolOrder(x.Unit == USD, y.Unit == USD)
			}
			return strings.Compare(x.Unit, y.Unit)
		}
		return cmp.Or(
			cmp.Compare(y.Sources, x.Sources),
			cmp.Compare(y.Confidence, x.Confidence),
			cmp.Compare(y.Claims, x.Claims),
			cmp.Compare(y.Value, x.Value),
		)
	})
	return out
}

// boolOrder sorts true before false.
func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return -1
	}
	return 1
}

// docKey identifies the document a claim came from; a claim not yet stored
// (DocumentID 0) counts as a document of its own.
func docKey(c *heistwatch.Claim) int64 {
	if c.DocumentID != 0 {
		return c.DocumentID
	}
	if c.ID != 0 {
		return -c.ID
	}
	return math.MinInt64
}

// normUnit folds a native unit for comparison ("btc" and "BTC" are one unit).
func normUnit(u string) string { return strings.ToUpper(strings.TrimSpace(u)) }

// Summarize computes an incident's fields and confidence from its claims:
//   - victim: the wording most documents use;
//   - amounts: the figure most documents state (see Figures);
//   - actor, actor family, attribution level and party: from the most
//     specific attribution (a named actor beats nation-level wording, then
//     confirmed beats attributed beats suspected, then confidence);
//   - date: the most precise, then the most stated;
//   - technique: the most specific one that is not "unknown";
//   - confidence: grows with each independent document.
func Summarize(claims []heistwatch.Claim) (heistwatch.Fields, float64) {
	var f heistwatch.Fields
	if len(claims) == 0 {
		return f, 0
	}
	f.Victim = victim(claims)

	var native *Figure
	for _, fig := range Figures(claims) {
		if fig.Unit == USD && f.AmountUSD == nil {
			v := int64(fig.Value)
			f.AmountUSD = &v
			f.AmountQualifier = fig.Qualifier
			if fig.Max > fig.Value {
				m := int64(fig.Max)
				f.AmountUSDMax = &m
			}
		}
		// Native figures come sorted by unit; the one most stated across
		// units wins, then the most confident.
		if fig.Unit != USD && (native == nil || fig.Sources > native.Sources ||
			fig.Sources == native.Sources && fig.Confidence > native.Confidence) {
			native = &fig
		}
	}
	if native != nil {
		f.AmountNative = &heistwatch.Money{Value: native.Value, Unit: nativeWording(claims, native.Unit)}
	}

	if best, ok := bestAttribution(claims); ok {
		f.Actor = best.Actor
		f.ActorFamily = best.ActorFamily
		f.Attribution = best.Attribution
		f.AttributedBy = best.AttributedBy
	}
	f.Date = bestDate(claims)
	f.Technique = bestTechnique(claims)
	return f, combinedConfidence(claims)
}

// Summarize implements heistwatch.Clusterer with the package's Summarize.
func (cl *Clusterer) Summarize(claims []heistwatch.Claim) (heistwatch.Fields, float64) {
	return Summarize(claims)
}

// nativeWording returns the unit as the first claim stating it wrote it.
func nativeWording(claims []heistwatch.Claim, unit string) string {
	for _, c := range claims {
		if c.AmountNative != nil && normUnit(c.AmountNative.Unit) == unit {
			return c.AmountNative.Unit
		}
	}
	return unit
}

// tally counts, per distinct value, the documents and the best confidence.
type tally struct {
	value string
	docs  []int64 // distinct once count returns
	conf  float64
	first int
}

// distinct sorts document keys and drops repeats: cheaper than a map for
// the few hundred claims of an incident.
func distinct(keys []int64) []int64 {
	slices.Sort(keys)
	return slices.Compact(keys)
}

func count(claims []heistwatch.Claim, get func(*heistwatch.Claim) string) []*tally {
	by := map[string]*tally{}
	var out []*tally
	for i := range claims {
		c := &claims[i]
		v := get(c)
		if v == "" {
			continue
		}
		t := by[v]
		if t == nil {
			t = &tally{value: v, first: i}
			by[v] = t
			out = append(out, t)
		}
		t.docs = append(t.docs, docKey(c))
		t.conf = max(t.conf, c.Confidence)
	}
	for _, t := range out {
		t.docs = distinct(t.docs)
	}
	return out
}

// victim picks the wording most documents use; ties go to the most
// confident claim, then the wording seen first.
func victim(claims []heistwatch.Claim) string {
	ts := count(claims, func(c *heistwatch.Claim) string { return strings.TrimSpace(c.Victim) })
	if len(ts) == 0 {
		return ""
	}
	return slices.MinFunc(ts, func(a, b *tally) int {
		return cmp.Or(cmp.Compare(len(b.docs), len(a.docs)), cmp.Compare(b.conf, a.conf), cmp.Compare(a.first, b.first))
	}).value
}

// nationWords mark an actor worded as a state rather than a named group
// ("North Korean hackers", "the DPRK").
var nationWords = []string{"north korea", "dprk", "pyongyang", "korean", "russia", "kremlin", "china", "chinese",
	"iran", "israel", "state", "government", "regime", "nation", "country"}

// actorRank orders how specific an attribution's actor is: 2 a named actor,
// 1 nation-level wording or a family alone, 0 nothing.
func actorRank(c heistwatch.Claim) int {
	a := strings.ToLower(c.Actor)
	if a == "" {
		if c.ActorFamily != "" {
			return 1
		}
		return 0
	}
	for _, w := range nationWords {
		if strings.Contains(a, w) {
			return 1
		}
	}
	return 2
}

func levelRank(level string) int {
	switch level {
	case heistwatch.Confirmed:
		return 3
	case heistwatch.Attributed:
		return 2
	case heistwatch.Suspected:
		return 1
	}
	return 0
}

// bestAttribution returns the claim carrying the most specific attribution,
// or false when no claim attributes the theft.
func bestAttribution(claims []heistwatch.Claim) (heistwatch.Claim, bool) {
	best, bestRank := -1, 0
	// An incident's claims mostly name one actor: rank each wording once.
	rankOf := map[string]int{}
	for i := range claims {
		c := &claims[i]
		if c.Actor == "" && c.ActorFamily == "" {
			continue
		}
		r, ok := rankOf[c.Actor]
		if !ok {
			r = actorRank(*c)
			rankOf[c.Actor] = r
		}
		if best < 0 {
			best, bestRank = i, r
			continue
		}
		b := &claims[best]
		if cmp.Or(
			cmp.Compare(r, bestRank),
			cmp.Compare(levelRank(c.Attribution), levelRank(b.Attribution)),
			boolCompare(c.AttributedBy != "", b.AttributedBy != ""),
			cmp.Compare(c.Confidence, b.Confidence),
		) > 0 {
			best, bestRank = i, r
		}
	}
	if best < 0 {
		return heistwatch.Claim{}, false
	}
	return claims[best], true
}

// boolCompare orders false before true.
func boolCompare(a, b bool) int { return -boolOrder(a, b) }

// bestDate picks the most precise date; among equally precise ones, the one
// most documents give, then the most confident.
func bestDate(claims []heistwatch.Claim) string {
	ts := count(claims, func(c *heistwatch.Claim) string {
		if _, ok := parseDate(c.Date); !ok {
			return ""
		}
		return c.Date
	})
	if len(ts) == 0 {
		return ""
	}
	prec := func(s string) int { sp, _ := parseDate(s); return sp.precision }
	return slices.MinFunc(ts, func(a, b *tally) int {
		return cmp.Or(cmp.Compare(prec(b.value), prec(a.value)), cmp.Compare(len(b.docs), len(a.docs)),
			cmp.Compare(b.conf, a.conf), cmp.Compare(a.first, b.first))
	}).value
}

// Techniques are the values a technique may take, from SCHEMA.md.
var Techniques = []string{"exploit", "key-compromise", "social-engineering", "insider", "supply-chain", "unknown"}

// techniqueRank orders techniques by how much they explain: a root cause
// (phishing, an insider, a poisoned dependency) says more than its result (a
// compromised key), which says more than "unknown".
func techniqueRank(t string) int {
	switch t {
	case "social-engineering", "insider", "supply-chain":
		return 3
	case "exploit", "key-compromise":
		return 2
	case "", "unknown":
		return 0
	}
	return 1
}

// bestTechnique picks the most specific technique, then the most stated,
// then the most confident; "unknown" only when nothing better is said.
func bestTechnique(claims []heistwatch.Claim) string {
	ts := count(claims, func(c *heistwatch.Claim) string { return c.Technique })
	if len(ts) == 0 {
		return ""
	}
	return slices.MinFunc(ts, func(a, b *tally) int {
		return cmp.Or(cmp.Compare(techniqueRank(b.value), techniqueRank(a.value)),
			cmp.Compare(len(b.docs), len(a.docs)), cmp.Compare(b.conf, a.conf), cmp.Compare(a.first, b.first))
	}).value
}

// combinedConfidence treats each document as independent evidence: the best
// claim confidence per document, combined as 1-Π(1-c), kept below 0.99 so a
// pile of weak sources never looks certain.
func combinedConfidence(claims []heistwatch.Claim) float64 {
	type docConf struct {
		doc  int64
		conf float64
	}
	perDoc := make([]docConf, len(claims))
	for i := range claims {
		perDoc[i] = docConf{docKey(&claims[i]), min(max(claims[i].Confidence, 0), 1)}
	}
	// By document, best first: the first of each document's run is its best.
	slices.SortFunc(perDoc, func(a, b docConf) int { return cmp.Or(cmp.Compare(a.doc, b.doc), cmp.Compare(b.conf, a.conf)) })
	miss := 1.0
	for i, d := range perDoc {
		if i == 0 || d.doc != perDoc[i-1].doc {
			miss *= 1 - d.conf
		}
	}
	return roundTo(min(1-miss, 0.99), 3)
}
