package extract

import (
	"math"
	"strconv"
	"strings"
)

// money is an amount the text states: US dollars or a native unit (another
// currency or a coin), never converted.
type money struct {
	t0, t1 int
	usd    bool
	value  float64 // in unit
	unit   string  // "USD", a currency code or a coin code
	qual   string  // "over", "nearly", "about", "up to", "under", "range" or ""
	max    float64 // upper bound of a range
	paren  bool    // written in parentheses after another amount
	alt    int     // the parenthesised equivalent ("¥6.7 billion ($59.7 million)"), or -1
	altOf  int     // the amount this one is the equivalent of, or -1
}

// parseNumber reads a number written with thousands separators or a decimal
// comma. foreign is set when the scale word after it is not English, which
// makes "1.500" a thousand and five hundred. Ambiguous forms fail rather than
// give a wrong amount.
func parseNumber(s string, foreign bool) (float64, bool) {
	commas := strings.Count(s, ",")
	dots := strings.Count(s, ".")
	for _, r := range s {
		if r >= 128 {
			return 0, false // non-ASCII digits: not read
		}
	}
	plain := s
	switch {
	case commas == 0 && dots == 0:
	case commas > 0 && dots > 0:
		lc, ld := strings.LastIndex(s, ","), strings.LastIndex(s, ".")
		if ld > lc { // 1,340.5
			if !groupsOf3(s[:ld], ",") || commas != strings.Count(s[:ld], ",") {
				return 0, false
			}
			plain = strings.ReplaceAll(s, ",", "")
		} else { // 1.340,5
			if !groupsOf3(s[:lc], ".") {
				return 0, false
			}
			plain = strings.ReplaceAll(s[:lc], ".", "") + "." + s[lc+1:]
		}
	case commas > 0:
		if groupsOf3(s, ",") {
			plain = strings.ReplaceAll(s, ",", "")
		} else if commas == 1 && len(s)-strings.Index(s, ",")-1 <= 2 { // 4,3 milioni
			plain = strings.Replace(s, ",", ".", 1)
		} else {
			return 0, false
		}
	case dots > 0:
		if dots == 1 && !(foreign && len(s)-strings.Index(s, ".")-1 == 3) {
			break // 1.34
		}
		if groupsOf3(s, ".") {
			plain = strings.ReplaceAll(s, ".", "")
		} else {
			return 0, false
		}
	}
	v, err := strconv.ParseFloat(plain, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, false
	}
	return v, true
}

// groupsOf3 says whether every part after the first is three digits.
func groupsOf3(s, sep string) bool {
	parts := strings.Split(s, sep)
	if len(parts[0]) == 0 || len(parts[0]) > 3 {
		return false
	}
	for _, p := range parts[1:] {
		if len(p) != 3 {
			return false
		}
	}
	return true
}

// scaleAt reads a scale word at token j ("million", "bn", "M" stuck to the
// number). It returns the multiplier, tokens used and whether it is foreign.
func (x *Extractor) scaleAt(d *doc, j, end int) (float64, int, bool) {
	if j >= end {
		return 1, 0, false
	}
	t := &d.toks[j]
	if t.nl > 0 || t.kind != tWord {
		return 1, 0, false
	}
	if !t.is(pScale) { // only scale words have the bit: most tokens skip the map
		return 1, 0, false
	}
	v, ok := x.scales[t.low]
	if !ok {
		return 1, 0, false
	}
	if len(t.low) == 1 && t.space { // "$4M", not "$4 m"
		return 1, 0, false
	}
	n := 1
	if j+1 < end && d.toks[j+1].low == "." && !d.toks[j+1].space && (t.low == "mil" || t.low == "mio" || t.low == "mrd") {
		n = 2
	}
	return v, n, !x.english[t.low]
}

// currencyAt returns the index of a currency code whose phrase starts at j, or -1.
func (x *Extractor) currencyAt(d *doc, j, end int) int {
	if j >= end {
		return -1
	}
	if ph := x.currencies.longestAt(d.toks, j, end); ph != nil {
		return ph.payload
	}
	return -1
}

func (x *Extractor) currencyLen(d *doc, j, end int) (int, int) {
	if j >= end {
		return -1, 0
	}
	if ph := x.currencies.longestAt(d.toks, j, end); ph != nil {
		return ph.payload, len(ph.toks)
	}
	return -1, 0
}

// parseMoney reads an amount starting at token i.
func (x *Extractor) parseMoney(d *doc, i, end int) (money, bool) {
	toks := d.toks
	m := money{t0: i, alt: -1, altOf: -1}
	j := i
	prefix := ""
	if t := &toks[i]; t.kind != tNum {
		if !t.is(pCurrency) && t.low != "half" {
			return m, false
		}
		ci, n := x.currencyLen(d, i, end)
		if ci < 0 {
			if t.low == "half" && i+2 < end && toks[i+1].low == "a" {
				if v, ok := x.scales[toks[i+2].low]; ok && v >= 1e6 {
					return x.finishMoney(d, m, i+3, end, 0.5*v, false, "")
				}
			}
			return m, false
		}
		code := x.curCodes[ci]
		// only symbols and codes go before a number ("$5", "USD 5", "Rs. 368")
		if n == 1 && t.kind == tWord && len(t.low) > 3 && t.low != "usd" {
			return m, false
		}
		j = i + n
		if j < end && toks[j].low == "$" && code != "USD" { // "US $"
			j++
		}
		if j >= end || toks[j].kind != tNum || toks[j].nl > 0 {
			return m, false
		}
		prefix = code
	}
	num := toks[j].low // a number's normal form is its text
	j++
	scale, n, foreign := x.scaleAt(d, j, end)
	v, ok := parseNumber(num, foreign)
	if !ok {
		return m, false
	}
	if n == 0 && j+2 < end && (toks[j].low == "-" || toks[j].low == "to") && toks[j+1].kind == tNum && toks[j+1].nl == 0 {
		// "$50-60 million": the scale after the second number is the first's too
		if s2, n2, f2 := x.scaleAt(d, j+2, end); n2 > 0 {
			if v2, ok := parseNumber(toks[j+1].low, f2); ok && v2 >= v {
				mm, ok := x.finishMoney(d, m, j+2+n2, end, v*s2, f2, prefix)
				if ok {
					mm.max, mm.qual = v2*s2, "range"
				}
				return mm, ok
			}
		}
	}
	j += n
	return x.finishMoney(d, m, j, end, v*scale, foreign, prefix)
}

// finishMoney reads the unit after a number and scale, then a range.
func (x *Extractor) finishMoney(d *doc, m money, j, end int, v float64, foreign bool, prefix string) (money, bool) {
	toks := d.toks
	unit := prefix
	if unit == "" {
		k := j
		if k < end && (toks[k].low == "di" || toks[k].low == "de" || toks[k].low == "of") {
			k++
		}
		// "100 million Australian dollars"
		if ph := x.otherUSD.longestAt(toks, k, end); ph != nil {
			if ci, n := x.currencyLen(d, k+len(ph.toks), end); ci >= 0 && x.curCodes[ci] == "USD" {
				unit = x.otherCodes[ph.payload]
				j = k + len(ph.toks) + n
			}
		}
		if unit == "" {
			if ci, n := x.currencyLen(d, k, end); ci >= 0 && !(toks[k].kind == tPunct && toks[k].low != "€" && toks[k].low != "£") {
				unit = x.curCodes[ci]
				j = k + n
			} else if k == j && k < end && toks[k].kind == tWord && toks[k].nl == 0 {
				if code, ok := x.coinAt(&toks[k]); ok && !countNounAt(toks, k+1, end) {
					unit = code
					j = k + 1
				} else if toks[k].upper && len(toks[k].low) >= 2 && len(toks[k].low) <= 6 && k+1 < end &&
					(toks[k+1].low == "tokens" || toks[k+1].low == "token" || toks[k+1].low == "coins") {
					unit = strings.ToUpper(toks[k].low)
					j = k + 2
				}
			}
		}
	}
	if unit == "" {
		return m, false
	}
	if unit == "USD" && prefix == "USD" && d.toks[m.t0].low == "$" {
		// "$" right after a country word: "Hong Kong $"
		if ph := x.otherUSD.endingAt(toks, m.t0, 0, 3); ph != nil {
			unit = x.otherCodes[ph.payload]
		}
	}
	m.t1 = j
	m.unit = unit
	m.usd = unit == "USD"
	m.value = v
	if v <= 0 {
		return m, false
	}
	// range: "$630 million to $1 billion", "$50-$60 million"
	if j+1 < end && (toks[j].low == "-" || toks[j].low == "to") {
		if m2, ok := x.parseMoney(d, j+1, end); ok && m2.unit == m.unit && m2.value >= v {
			m.max, m.qual, m.t1 = m2.value, "range", m2.t1
		}
	}
	return m, true
}

// qualifierBefore finds "over", "nearly", "between" ... right before money m.
func (x *Extractor) qualifierBefore(d *doc, m *money, start int) {
	if m.qual != "" {
		return
	}
	if ph := x.qualifiers.endingAt(d.toks, m.t0, start, 4); ph != nil {
		m.qual = x.qualNames[ph.payload]
	}
}

// pairMoney links an amount to its equivalent in parentheses, sets
// qualifiers, and reads "between A and B" ranges.
func (x *Extractor) pairMoney(d *doc) {
	for k := range d.money {
		m := &d.money[k]
		s := d.sents[d.toks[m.t0].sent]
		x.qualifierBefore(d, m, s.t0)
		if m.t0 > 0 && d.toks[m.t0-1].low == "(" {
			m.paren = true
		}
		if k+1 < len(d.money) {
			n := &d.money[k+1]
			gap := n.t0 - m.t1
			if gap >= 1 && gap <= 3 && d.toks[m.t1].low == "(" && n.unit != m.unit {
				m.alt, n.altOf = k+1, k
			}
			// between $630 million and more than $1 billion
			if b := m.t0 - 1; b >= s.t0 && (d.toks[b].low == "between" || (b-1 >= s.t0 && d.toks[b-1].low == "between")) &&
				m.t1 < len(d.toks) && d.toks[m.t1].low == "and" && gap <= 4 && n.unit == m.unit && n.value >= m.value {
				m.qual, m.max = "range", n.value
				n.altOf = k
			}
		}
	}
}

// usdOf returns the US-dollar value of money m or of its equivalent.
func (d *doc) usdOf(k int) (int64, bool) {
	if k < 0 {
		return 0, false
	}
	m := &d.money[k]
	if m.usd {
		return int64(math.Round(m.value)), true
	}
	if m.alt >= 0 && d.money[m.alt].usd {
		return int64(math.Round(d.money[m.alt].value)), true
	}
	return 0, false
}

// nativeOf returns the non-USD amount of money m or of its equivalent.
func (d *doc) nativeOf(k int) (float64, string, bool) {
	if k < 0 {
		return 0, "", false
	}
	m := &d.money[k]
	if !m.usd {
		return m.value, m.unit, true
	}
	if m.alt >= 0 && !d.money[m.alt].usd {
		return d.money[m.alt].value, d.money[m.alt].unit, true
	}
	return 0, "", false
}

// coinAt returns the coin code a token names, asking the map only for
// words with the coin bit.
func (x *Extractor) coinAt(t *token) (string, bool) {
	if !t.is(pCoin) {
		return "", false
	}
	code, ok := x.coins[t.low]
	return code, ok
}

// countNounAt says whether token j is a plural noun that makes the number
// before a coin a count ("11,800 STX transactions"), not an amount.
func countNounAt(toks []token, j, end int) bool {
	if j >= end {
		return false
	}
	t := &toks[j]
	return t.kind == tWord && !t.cap && len(t.low) > 3 && strings.HasSuffix(t.low, "s") &&
		t.low != "tokens" && t.low != "coins" && t.low != "was" && t.low != "has"
}
