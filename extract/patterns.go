package extract

import (
	"fmt"
	"strconv"
	"strings"
)

// elemKind is one element of a victim pattern.
type elemKind uint8

const (
	eWords  elemKind = iota // one of a few literal words
	eList                   // any word of a named list
	eVictim                 // the victim slot
	eMoney                  // an amount
	eGap                    // up to n other tokens
	eNot                    // the next token is none of words (zero width)
	eAdv                    // an adverb in -ly ("swiftly", "reportedly")
)

type elem struct {
	kind  elemKind
	words wordSet
	ids   []int32 // the words' lexicon ids (set by indexPatterns): tokens compare ids, not strings
	list  listID
	n     int
	opt   bool
}

// pattern is a compiled victim pattern from the rules file.
type pattern struct {
	id     string
	strong bool
	// shadows: names inside the match after the victim are not victims
	shadows bool
	elems   []elem
	rest    restFirst // for a pattern starting with a required VICTIM: what may follow it
}

// restFirst is what the token after a victim slot must be for the rest of
// a pattern to match there: one of some words, a word on some lists, or an
// adverb. usable is false when the rest may match anything (a gap, an
// amount, a negation) or nothing at all.
type restFirst struct {
	usable bool
	ids    []int32
	lists  uint64
	adv    bool
	// ids2, lists2: the words, or a word of the lists, one of which must follow
	// the first ("VICTIM , a|an|the ..."); both empty when it may be anything
	ids2   []int32
	lists2 uint64
}

// compileRest fills p.rest from the elements after a leading VICTIM (after
// indexPatterns has given the words their ids).
func (p *pattern) compileRest() {
	if len(p.elems) < 2 || p.elems[0].kind != eVictim || p.elems[0].opt {
		return
	}
	var r restFirst
	for _, e := range p.elems[1:] {
		switch e.kind {
		case eWords:
			r.ids = append(r.ids, e.ids...)
		case eList:
			r.lists |= 1 << e.list
		case eAdv:
			r.adv = true
		default:
			return // the rest may start anywhere: no filter
		}
		if !e.opt {
			r.usable = true
			// "VICTIM , a|an|the ...": when the first two elements after the
			// victim are both required words, the second is checked too
			if len(p.elems) > 2 && p.elems[1].kind == eWords && !p.elems[1].opt && !p.elems[2].opt {
				switch p.elems[2].kind {
				case eWords:
					r.ids2 = p.elems[2].ids
				case eList:
					r.lists2 = 1 << p.elems[2].list
				}
			}
			p.rest = r
			return
		}
	}
	// every element optional: the rest may match nothing, no filter
}

// may says whether the rest of the pattern can start at token j (before end).
func (r *restFirst) may(d *doc, j, end int) bool {
	if j >= end {
		return false
	}
	t := &d.toks[j]
	ok := hasID(r.ids, t.lex) || t.bits&r.lists != 0 ||
		(r.adv && t.kind == tWord && !t.cap && strings.HasSuffix(t.low, "ly"))
	if ok && (r.ids2 != nil || r.lists2 != 0) {
		ok = j+1 < end && (hasID(r.ids2, d.toks[j+1].lex) || d.toks[j+1].bits&r.lists2 != 0)
	}
	return ok
}

// compilePattern parses the small pattern language described in rules.yaml.
func compilePattern(p patternRule, lists map[string]listID) (pattern, error) {
	out := pattern{id: p.ID, strong: p.Strength != "weak", shadows: p.Shadows}
	if p.ID == "" {
		return out, fmt.Errorf("pattern %q has no id", p.Pattern)
	}
	victims := 0
	for _, f := range strings.Fields(p.Pattern) {
		e := elem{}
		if strings.HasSuffix(f, "?") && len(f) > 1 {
			e.opt = true
			f = strings.TrimSuffix(f, "?")
		}
		switch {
		case f == "VICTIM":
			e.kind = eVictim
			victims++
		case f == "MONEY":
			e.kind = eMoney
		case f == "ADV":
			e.kind = eAdv
		case strings.HasPrefix(f, "!") && len(f) > 1:
			e.kind = eNot
			e.words = wordSet{}
			for _, w := range strings.Split(f[1:], "|") {
				e.words[strings.ToLower(w)] = true
			}
		case strings.HasPrefix(f, "~"):
			n, err := strconv.Atoi(f[1:])
			if err != nil || n < 1 || n > 12 {
				return out, fmt.Errorf("pattern %s: bad gap %q", p.ID, f)
			}
			e.kind, e.n = eGap, n
		case strings.HasPrefix(f, "@"):
			l, ok := lists[f[1:]]
			if !ok {
				return out, fmt.Errorf("pattern %s: unknown list %q", p.ID, f)
			}
			e.kind, e.list = eList, l
		default:
			e.kind = eWords
			e.words = wordSet{}
			for _, w := range strings.Split(f, "|") {
				e.words[strings.ToLower(w)] = true
			}
		}
		out.elems = append(out.elems, e)
	}
	if victims != 1 {
		return out, fmt.Errorf("pattern %s: needs exactly one VICTIM", p.ID)
	}
	return out, nil
}

// slotMatch is what a victim slot found: the names (several for "A, B and C").
type slotMatch struct {
	names []victimName
}

// matchPattern tries pattern p at token i of sentence s. It returns the
// victim names on success.
func (x *Extractor) matchPattern(d *doc, p *pattern, i, end int) (slotMatch, int, bool) {
	return x.matchElems(d, p.elems, 0, i, end)
}

func (x *Extractor) matchElems(d *doc, els []elem, k, i, end int) (slotMatch, int, bool) {
	if k == len(els) {
		return slotMatch{}, i, true
	}
	e := &els[k]
	if e.opt {
		if m, j, ok := x.matchOne(d, els, k, i, end); ok {
			return m, j, true
		}
		return x.matchElems(d, els, k+1, i, end)
	}
	return x.matchOne(d, els, k, i, end)
}

func (x *Extractor) matchOne(d *doc, els []elem, k, i, end int) (slotMatch, int, bool) {
	e := &els[k]
	toks := d.toks
	switch e.kind {
	case eWords:
		if i >= end || !hasID(e.ids, toks[i].lex) {
			return slotMatch{}, i, false
		}
		return x.matchElems(d, els, k+1, i+1, end)
	case eList:
		if i >= end || !toks[i].is(e.list) {
			return slotMatch{}, i, false
		}
		return x.matchElems(d, els, k+1, i+1, end)
	case eAdv:
		if i >= end || toks[i].kind != tWord || toks[i].cap || !strings.HasSuffix(toks[i].low, "ly") {
			return slotMatch{}, i, false
		}
		return x.matchElems(d, els, k+1, i+1, end)
	case eNot:
		if i < end && hasID(e.ids, toks[i].lex) {
			return slotMatch{}, i, false
		}
		return x.matchElems(d, els, k+1, i, end)
	case eMoney:
		// an amount, perhaps after its qualifier ("nearly $200 million")
		for n := 0; n <= 3 && i+n < end; n++ {
			if mi := d.moneyAt(i + n); mi >= 0 {
				if n > 0 && d.money[mi].qual == "" {
					break
				}
				return x.matchElems(d, els, k+1, d.money[mi].t1, end)
			}
		}
		return slotMatch{}, i, false
	case eGap:
		// up to n words; an amount counts as one ("stole ₩44.5bn ($30.4mn) worth of tokens from")
		p := i
		for n := 0; n <= e.n && p <= end; n++ {
			if n > 0 {
				l := toks[p-1].low
				if l == "." || l == ";" || l == ":" {
					break
				}
			}
			if m, j, ok := x.matchElems(d, els, k+1, p, end); ok {
				return m, j, true
			}
			if mi := d.moneyAt(p); mi >= 0 && d.money[mi].t0 == p && d.money[mi].t1 > p {
				p = d.money[mi].t1
			} else {
				p++
			}
		}
		return slotMatch{}, i, false
	case eVictim:
		names, j, ok := x.victimSlot(d, i, end)
		if !ok {
			return slotMatch{}, i, false
		}
		rest, j2, ok := x.matchElems(d, els, k+1, j, end)
		if ok && len(rest.names) == 0 {
			return slotMatch{names: names}, j2, true
		}
		if !ok {
			// a list may have swallowed what the rest needs: retry with one name
			if len(names) > 1 {
				rest, j2, ok = x.matchElems(d, els, k+1, names[0].slotEnd, end)
				if ok {
					return slotMatch{names: append(names[:1:1], rest.names...)}, j2, true
				}
			}
			return slotMatch{}, i, false
		}
		return slotMatch{names: append(append([]victimName(nil), names...), rest.names...)}, j2, true
	}
	return slotMatch{}, i, false
}

// hasID says whether a token's lexicon id is one of ids (-1, a word no rule
// knows, never is).
func hasID(ids []int32, id int32) bool {
	if id < 0 {
		return false
	}
	for _, w := range ids {
		if w == id {
			return true
		}
	}
	return false
}
