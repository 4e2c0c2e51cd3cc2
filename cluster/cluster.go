// Package cluster groups theft claims from many articles into candidate
// incidents: it decides whether a new claim describes a theft already known
// (Match) and what an incident's values are, given every claim it rests on
// (Summarize). The store calls it inside one transaction; the package itself
// does no I/O and keeps no state.
package cluster

import (
	"math"

	"github.com/heistwatch/heistwatch"
)

// Defaults for New. Articles about one theft often date it to the
// disclosure rather than the theft, so the date window is a few months. The
// amount tolerance is tight on purpose: sources that disagree by more than
// 10% are as often two thefts (or two valuations a reviewer must see) as
// one, and joining them would report one source's figure for the other's
// article; a reviewer merges such pairs in one keystroke instead.
const (
	DefaultWindowMonths    = 3
	DefaultAmountTolerance = 0.10
)

// Clusterer implements heistwatch.Clusterer with two tolerances.
type Clusterer struct {
	// WindowMonths is how far apart, in months, two dates of one theft may be.
	WindowMonths int
	// AmountTolerance is the largest relative difference, |a-b|/max(a,b),
	// between two figures in the same unit for one theft.
	AmountTolerance float64
}

// New returns a Clusterer with the default tolerances.
func New() heistwatch.Clusterer {
	return &Clusterer{WindowMonths: DefaultWindowMonths, AmountTolerance: DefaultAmountTolerance}
}

// Match returns the id of the candidate incident claim c belongs to, or 0
// when c is a theft of its own. A candidate matches when it has the same
// victim, a date within the window (or either date unknown) and compatible
// amounts (either unknown, or in different units), and the two share at least
// one of date or amount unless one side states neither. Among several matches the
// closest in amount and date wins, then the lowest id. A claim without a
// victim never joins anything: nothing says it is the same theft.
func (cl *Clusterer) Match(c heistwatch.Claim, candidates []heistwatch.Incident) int64 {
	if c.VictimKey == "" {
		return 0
	}
	var best int64
	bestScore := math.Inf(1)
	for i := range candidates {
		inc := &candidates[i]
		if inc.Status == heistwatch.StatusMerged {
			continue
		}
		if inc.VictimKey != c.VictimKey {
			continue
		}
		// A reviewer's correction is the better view of the incident, but the
		// extracted values still describe what the sources said.
		score, ok := cl.distance(c.Fields, inc.Effective())
		if s2, ok2 := cl.distance(c.Fields, inc.Extracted); ok2 && (!ok || s2 < score) {
			score, ok = s2, true
		}
		if !ok {
			continue
		}
		if score < bestScore || (score == bestScore && inc.ID < best) {
			best, bestScore = inc.ID, score
		}
	}
	return best
}

// distance says whether claim fields a and incident fields b can be one
// theft, and if so how far apart they are (0 = same figure and date). An
// unknown value on either side costs a little, so a candidate that agrees on
// known values beats one that merely does not contradict.
//
// When each side states something but they share nothing to compare — one
// gives only a figure, the other only a date — they are kept apart: "Bithumb
// lost $31M" and "Bithumb was robbed in 2017" may well be two of its thefts,
// and a wrong join blurs both while a missed one costs a reviewer one merge.
func (cl *Clusterer) distance(a, b heistwatch.Fields) (float64, bool) {
	const unknownCost = 0.5
	score := 0.0
	shared := false // some dimension is known on both sides

	ad, aok := parseDate(a.Date)
	bd, bok := parseDate(b.Date)
	if aok && bok {
		gap := monthsApart(ad, bd)
		if gap > cl.WindowMonths {
			return 0, false
		}
		score += float64(gap) / float64(cl.WindowMonths+1)
		shared = true
	} else {
		score += unknownCost
	}

	switch {
	case a.AmountUSD != nil && b.AmountUSD != nil:
		d := rangeDiff(usdRange(a), usdRange(b))
		if d > cl.AmountTolerance {
			return 0, false
		}
		score += d / cl.AmountTolerance
		shared = true
	case a.AmountNative != nil && b.AmountNative != nil && sameUnit(a.AmountNative.Unit, b.AmountNative.Unit):
		v := [2]float64{a.AmountNative.Value, a.AmountNative.Value}
		w := [2]float64{b.AmountNative.Value, b.AmountNative.Value}
		d := rangeDiff(v, w)
		if d > cl.AmountTolerance {
			return 0, false
		}
		score += d / cl.AmountTolerance
		shared = true
	default:
		// Unknown on one side, or figures in different units: nothing to
		// compare, though two figures in different units still speak of
		// the same thing (the loss).
		score += unknownCost
		shared = shared || (hasAmount(a) && hasAmount(b))
	}
	if !shared && stated(a) && stated(b) {
		return 0, false
	}
	return score, true
}

func hasAmount(f heistwatch.Fields) bool { return f.AmountUSD != nil || f.AmountNative != nil }

// stated reports whether f says anything Match compares: a figure or a date.
func stated(f heistwatch.Fields) bool {
	_, ok := parseDate(f.Date)
	return ok || hasAmount(f)
}

// usdRange is a claim's dollar figure as a closed range (a single figure has
// equal ends).
func usdRange(f heistwatch.Fields) [2]float64 {
	lo := float64(*f.AmountUSD)
	hi := lo
	if f.AmountUSDMax != nil && float64(*f.AmountUSDMax) > lo {
		hi = float64(*f.AmountUSDMax)
	}
	return [2]float64{lo, hi}
}

// rangeDiff is the relative gap between two ranges: 0 when they overlap,
// else the gap divided by the larger of the two facing ends.
func rangeDiff(a, b [2]float64) float64 {
	if a[0] > b[0] {
		a, b = b, a
	}
	// now a starts first; they overlap when b starts before a ends
	if b[0] <= a[1] {
		return 0
	}
	lo, hi := a[1], b[0]
	if hi <= 0 {
		return 0
	}
	return (hi - lo) / hi
}

func sameUnit(a, b string) bool {
	return a != "" && normUnit(a) == normUnit(b)
}
