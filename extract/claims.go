package extract

import (
	"fmt"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"

	"github.com/heistwatch/heistwatch"
)

// sentInfo is what one sentence says, found once and used by every step.
type sentInfo struct {
	theft      bool // a theft verb, noun or phrase
	lookalike  bool // ransomware, ransom...
	victims    []vhit
	actors     []ahit
	victimAna  bool
	actorAna   bool
	hedge      bool
	confirm    bool
	attributor string
	separate   bool   // "two other attacks": an earlier, separate theft
	hypo       bool   // "could have drained": nothing was taken
	blame      bool   // attribution wording: "blamed", "behind", "responsible"
	weak       []vhit // names a weak pattern found that the sentence alone cannot confirm
	victimVerb bool   // a victim verb or passive ("drained", "was hacked")
	worth      bool   // "worth" or "valued": an amount's wording
}

// vhit is a victim name a pattern found.
type vhit struct {
	nm     victimName
	rule   string
	strong bool
	group  int // names found by one slot share an amount
	shared bool
}

// ahit is an actor mention: a named group or nation-level wording.
type ahit struct {
	t0, t1 int
	text   string
	fam    string
	named  bool
	rule   string
}

// obs is one piece of evidence about a victim's theft.
type obs struct {
	sent   int
	rule   string
	money  int  // -1 when none
	direct bool // the amount stood in a sentence naming the victim
	actor  *ahit
	actorS int // sentence of the actor
	date   string
	name   string
	strong bool
	// nativeOnly marks a coin or currency amount stated beside a US-dollar one
	nativeOnly bool
}

type group struct {
	key   string
	venue int
	name  string
	obs   []obs
	first int // sentence where first seen
}

func (x *Extractor) sentFlags(d *doc, si int) sentInfo {
	s := d.sents[si]
	var in sentInfo
	toks := d.toks
	// most flags say only that some word of the sentence is on a list: the
	// union of the words' bits answers them; the rest need a look at the
	// word's place, and only words with such bits get it
	const special = 1<<lHedges | 1<<lModals | 1<<pPhrase | 1<<pActorAna | 1<<pVictimAna | 1<<pGazetteer | 1<<lTheftBeforeMoney
	var all uint64
	for i := s.t0; i < s.t1; i++ {
		t := &toks[i]
		all |= t.bits
		if t.bits&special == 0 {
			continue
		}
		if t.is(lHedges) && !(t.cap && t.low == "may" && i > s.t0) { // "May 31" is a date
			in.hedge = true
		}
		if t.is(lModals) && i+1 < s.t1 && (toks[i+1].low == "have" || toks[i+1].low == "'ve") {
			in.hypo = true
		}
		if !in.theft && t.is(lTheftBeforeMoney) && moneyWithin(d, i+1, s.t1, 3) {
			in.theft = true // "to take about $4.5 million"
		}
		// the phrase look-ups only set flags: once set, they need no asking
		if !in.theft && t.is(pPhrase) && i+1 < s.t1 && x.phrases[t.low+" "+toks[i+1].low]&(1<<lTheftPhrases) != 0 {
			in.theft = true
		}
		if !in.actorAna && t.is(pActorAna) && x.actorAna.longestAt(toks, i, s.t1) != nil {
			in.actorAna = true
		}
		if !in.victimAna && t.is(pVictimAna) && x.victimAna.longestAt(toks, i, s.t1) != nil {
			in.victimAna = true
		}
		// a mention starts only on a gazetteer phrase's first word
		if e := d.ent(i); e != nil && e.t0 == i && in.attributor == "" && t.is(pGazetteer) {
			if r, ok := x.mentionRef(e, gAttributor); ok && !r.amb {
				in.attributor = x.attrs[r.idx].Name
			}
		}
	}
	has := func(l listID) bool { return all&(1<<l) != 0 }
	in.theft = in.theft || has(lTheftVerbs) || has(lTheftNouns)
	if in.theft && has(lNonTheftLoss) && onlyLossWords(d, s) {
		in.theft = false // "lost $5 million after his leveraged position was liquidated"
	}
	in.lookalike = has(lLookalike)
	in.victimVerb = has(lVictimVerbs) || has(lVictimPassive)
	in.confirm = has(lConfirmers)
	in.blame = has(lAttributionVerbs)
	in.separate = has(lSeparateEvent)
	in.worth = has(pWorth)
	return in
}

// earlierClauseMoney returns the unused theft amounts of sentence s that sit
// in a clause about an earlier theft: "after|following an exploit that
// drained $19.3 million".
func (x *Extractor) earlierClauseMoney(d *doc, s sentence, used []bool) []int {
	var out []int
	for i := s.t0; i < s.t1; i++ {
		k := d.moneyAt(i)
		if k < 0 || d.money[k].t0 != i || used[k] || !d.money[k].usd || d.money[k].altOf >= 0 {
			continue
		}
		if ok, _ := x.moneyEligible(d, k); !ok {
			continue
		}
		noun := false
		for j := i - 1; j >= s.t0 && j >= i-8; j-- {
			t := &d.toks[j]
			if t.low == "," || t.low == ";" {
				break
			}
			noun = noun || t.is(lTheftNouns)
			if (t.low == "after" || t.low == "following") && noun {
				out = append(out, k)
				break
			}
		}
	}
	return out
}

// onlyLossWords says whether every theft word of sentence s only says money
// was lost ("lost", "losses"), with no theft phrase either.
func onlyLossWords(d *doc, s sentence) bool {
	for i := s.t0; i < s.t1; i++ {
		t := &d.toks[i]
		if (t.is(lTheftVerbs) || t.is(lTheftNouns) || t.is(pPhrase)) && !t.is(lLossWords) {
			return false
		}
	}
	return true
}

// moneyWithin says whether an amount starts in the n tokens from j (before end).
func moneyWithin(d *doc, j, end, n int) bool {
	for k := j; k < end && k < j+n; k++ {
		if d.moneyAt(k) >= 0 {
			return true
		}
	}
	return false
}

// findVictims runs the victim patterns over one sentence.
func (x *Extractor) findVictims(d *doc, si int, info *sentInfo) {
	s := d.sents[si]
	seen := d.sc.seen[:0] // name starts already taken
	defer func() { d.sc.seen = seen[:0] }()
	grp := 0
	var weak []vhit
	var shadow [][2]int // token spans read as appositions: no victims inside
	var arr [2]uint64   // room for 128 patterns without an allocation
	var cand []uint64
	if n := len(x.startAny); n <= len(arr) {
		cand = arr[:n]
	} else {
		cand = make([]uint64, n)
	}
	for i := s.t0; i < s.t1; i++ {
		canStart := d.toks[i].ent >= 0 || x.isNameStart(d, i)
		if !canStart && x.firstLists != ^uint64(0) && d.toks[i].bits&(x.firstLists|1<<pStart) == 0 {
			continue // no pattern can start here
		}
		// the victim slot, read once here (it is remembered), rules out every
		// pattern starting with a required VICTIM when it finds nothing
		slotFails := false
		if canStart {
			_, _, ok := x.victimSlot(d, i, s.t1)
			slotFails = !ok
		}
		x.patternsAt(&d.toks[i], canStart, slotFails, cand)
		if canStart && !slotFails {
			// a pattern whose rest cannot start right after the slot (nor
			// after its first name, where a failed list is retried) fails
			names, next, _ := x.victimSlot(d, i, s.t1)
			for w := range cand {
				for m := cand[w] & x.startVictim[w]; m != 0; m &= m - 1 {
					p := &x.patterns[w*64+bits.TrailingZeros64(m)]
					if p.rest.usable && !p.rest.may(d, next, s.t1) && !(len(names) > 1 && p.rest.may(d, names[0].slotEnd, s.t1)) {
						cand[w] &^= 1 << bits.TrailingZeros64(m)
					}
				}
			}
		}
		for w, mask := range cand {
			for ; mask != 0; mask &= mask - 1 {
				x.tryPattern(d, &x.patterns[w*64+bits.TrailingZeros64(mask)], i, s.t1, &seen, &grp, info, &weak, &shadow)
			}
		}
	}
	if len(shadow) > 0 {
		info.victims = unshadowed(info.victims, shadow)
		weak = unshadowed(weak, shadow)
	}
	// Weak patterns count only with an amount and when no strong one fired.
	if len(info.victims) == 0 && len(weak) > 0 && x.sentHasMoney(d, s) && (info.theft || info.victimVerb) {
		for _, h := range weak {
			if !slices.Contains(seen, h.nm.t0) {
				seen = append(seen, h.nm.t0)
				info.victims = append(info.victims, h)
			}
		}
	} else {
		for _, h := range weak {
			if !slices.Contains(seen, h.nm.t0) {
				info.weak = append(info.weak, h)
				d.near = append(d.near, NearMiss{What: "victim", Text: d.span(h.nm.t0, h.nm.t1), Rule: h.rule,
					Reason:   "weak pattern: needs a theft word and an amount in the sentence, and no stronger victim",
					Evidence: x.evidence(d, si)})
			}
		}
	}
	// A known venue in a sentence with a theft word and a theft amount.
	if len(info.victims) == 0 && info.theft && x.sentHasMoney(d, s) {
		for i := s.t0; i < s.t1; i++ {
			e := d.ent(i)
			if e == nil || e.t0 != i {
				continue
			}
			if r, ok := x.mentionRef(e, gVenue); ok && !r.amb && !slices.Contains(seen, i) && !x.inTickerList(d, s, e) && !x.ownedBefore(d, s, e) &&
				!inSpans(i, shadow) && !d.toks[i].inMoney && !x.modifier(d, s, e) {
				seen = append(seen, i)
				grp++
				info.victims = append(info.victims, vhit{nm: victimName{t0: e.t0, t1: e.t1, textEnd: e.t1, slotEnd: e.t1, venue: r.idx, money: -1},
					rule: "victim.gazetteer", strong: false, group: grp})
			}
		}
	}
	// name starts are distinct (seen), so any sort gives one order
	slices.SortFunc(info.victims, func(a, b vhit) int { return a.nm.t0 - b.nm.t0 })
}

// tryPattern matches pattern p at token i and files the victims it finds:
// strong ones in info, weak ones in weak; seen holds the names already taken.
func (x *Extractor) tryPattern(d *doc, p *pattern, i, end int, seen *[]int, grp *int, info *sentInfo, weak *[]vhit, shadow *[][2]int) {
	m, j, ok := x.matchPattern(d, p, i, end)
	if !ok || len(m.names) == 0 {
		return
	}
	if p.shadows {
		*shadow = append(*shadow, [2]int{m.names[len(m.names)-1].slotEnd, j})
	}
	if last := m.names[len(m.names)-1]; x.route(d, last, end) {
		return // "the funds were bridged from Zora to Ethereum": a route, not a victim
	}
	if len(m.names) == 1 && x.inApposition(d, m.names[0].t0, m.names[0].slotEnd, end) {
		return // "X, a founder of the firm Y, lost": Y is not who lost
	}
	*grp++
	for _, nm := range m.names {
		if slices.Contains(*seen, nm.t0) {
			continue
		}
		h := vhit{nm: nm, rule: p.id, strong: p.strong, group: *grp, shared: len(m.names) > 1}
		if p.strong {
			*seen = append(*seen, nm.t0)
			info.victims = append(info.victims, h)
		} else {
			*weak = append(*weak, h)
		}
	}
}

// inApposition says whether the victim slot [i, slotEnd) sits inside an
// apposition: after "Name, a|an|the|formerly ..." and right before the comma
// that closes it, where the verb that follows belongs to Name.
func (x *Extractor) inApposition(d *doc, i, slotEnd, end int) bool {
	for slotEnd < end && slotEnd < i+8 && d.toks[slotEnd].kind == tWord && d.toks[slotEnd].cap {
		slotEnd++ // "Transform Group": a capitalised word the name left out
	}
	if slotEnd >= end || d.toks[slotEnd].low != "," {
		return false
	}
	s0 := d.sents[d.toks[i].sent].t0
	for c := i - 1; c > s0 && c >= i-12; c-- {
		switch d.toks[c].low {
		case ".", ";", ":":
			return false
		case ",":
			switch d.toks[c+1].low {
			case "a", "an", "the", "formerly", "once":
				// a name before the comma, not "In March, the X bridge, which ..."
				p := &d.toks[c-1]
				return p.kind == tWord && (p.cap || p.hasUp) && !isMonth(p.low) && !p.is(lNotNames) && !p.is(lGeo) && !x.isCue(p)
			}
			return false
		}
	}
	return false
}

// route says whether a name reads as the start of a route: "from X to Y"
// with Y a name, where X is a chain the funds moved across.
func (x *Extractor) route(d *doc, nm victimName, end int) bool {
	if nm.t0 < 2 || d.toks[nm.t0-1].low != "from" || nm.slotEnd+1 >= end || d.toks[nm.slotEnd].low != "to" {
		return false
	}
	if v := &d.toks[nm.t0-2]; x.isCue(v) || v.inMoney {
		return false // "the theft from X to ...", "stole $3 million from X to ..."
	}
	n := &d.toks[nm.slotEnd+1]
	if e := d.ent(nm.slotEnd + 1); e != nil {
		if _, ok := x.mentionRef(e, gActor); ok {
			return false
		}
	}
	return n.kind == tWord && (n.cap || n.hasUp || n.ent >= 0)
}

// unshadowed drops the hits whose names start inside a shadow span.
func unshadowed(hits []vhit, shadow [][2]int) []vhit {
	out := hits[:0]
	for _, h := range hits {
		if !inSpans(h.nm.t0, shadow) {
			out = append(out, h)
		}
	}
	return out
}

// inSpans says whether token i lies in one of the spans [a, b).
func inSpans(i int, spans [][2]int) bool {
	for _, sp := range spans {
		if i >= sp[0] && i < sp[1] {
			return true
		}
	}
	return false
}

func (x *Extractor) sentHasMoney(d *doc, s sentence) bool {
	for i := s.t0; i < s.t1; i++ {
		if k := d.moneyAt(i); k >= 0 {
			if ok, _ := x.moneyEligible(d, k); ok {
				return true
			}
		}
	}
	return false
}

// findActors finds named actors and nation-level wording in one sentence.
func (x *Extractor) findActors(d *doc, si int, info *sentInfo) {
	s := d.sents[si]
	toks := d.toks
	// the sentence's mentions, in order: mentions are kept in token order
	for k := sort.Search(len(d.ents), func(k int) bool { return d.ents[k].t0 >= s.t0 }); k < len(d.ents) && d.ents[k].t0 < s.t1; k++ {
		e := &d.ents[k]
		i := e.t0
		if x.contrasted(d, s, i) {
			continue // "Unlike last year's Lazarus hacks, ..."
		}
		if r, ok := x.mentionRef(e, gActor); ok {
			if r.amb && !(toks[i].cap && info.theft) {
				continue
			}
			info.actors = append(info.actors, ahit{t0: e.t0, t1: e.t1, text: d.span(e.t0, e.t1), fam: r.fam, named: true, rule: "actor.gazetteer"})
			continue
		}
		r, ok := x.mentionRef(e, gFamCompound, gFamAdj, gFamName)
		if !ok {
			continue
		}
		switch r.kind {
		case gFamCompound:
			end := e.t1
			for j := e.t1; j < s.t1 && j < e.t1+3; j++ {
				if toks[j].is(lHackerNouns) || toks[j].is(lTheftNouns) {
					end = j + 1
				}
			}
			info.actors = append(info.actors, ahit{t0: e.t0, t1: end, text: d.span(e.t0, end), fam: r.fam, rule: "actor.nation-compound"})
		case gFamAdj:
			if end, ok := x.nationNoun(d, s, e); ok {
				info.actors = append(info.actors, ahit{t0: e.t0, t1: end, text: d.span(e.t0, end), fam: r.fam, rule: "actor.nation-noun"})
			}
		case gFamName:
			if x.nationIsSubject(d, s, e) {
				info.actors = append(info.actors, ahit{t0: e.t0, t1: e.t1, text: d.span(e.t0, e.t1), fam: r.fam, rule: "actor.nation-name"})
			}
		}
	}
}

// nationIsSubject says whether a country name is blamed: "links to Israel",
// "North Korea stole", "attributed to North Korea" — not "sanctions on North Korea".
func (x *Extractor) nationIsSubject(d *doc, s sentence, e *mention) bool {
	toks := d.toks
	// before: "linked to (the) X", "by X", "attributed to X"
	for j := e.t0 - 1; j >= s.t0 && j >= e.t0-4; j-- {
		l := toks[j].low
		if l == "the" {
			continue
		}
		if l == "to" || l == "by" {
			for k := j - 1; k >= s.t0 && k >= j-3; k-- {
				if toks[k].is(lAttributionVerbs) || toks[k].is(lHedges) || toks[k].is(lTheftNouns) ||
					toks[k].is(lTheftVerbs) || toks[k].low == "committed" {
					return true
				}
			}
		}
		break
	}
	if e.t0 > s.t0 {
		switch toks[e.t0-1].low {
		case "for":
			// "hackers working for North Korea"
			if e.t0-2 >= s.t0 && toks[e.t0-2].is(lServesVerbs) {
				return true
			}
			return false
		case "on", "against", "of", "with", "from", "in", "into", "to", "sanctions", "sanctioning", "by":
			return false
		}
	}
	for j := e.t1; j < s.t1 && j < e.t1+14; j++ {
		l := toks[j].low
		if l == "," && j == e.t1 {
			return false
		}
		switch l {
		case "denied", "denies", "deny", "rejected", "rejects", "dismissed", "dismisses":
			return false // "Russia denied involvement"
		}
		if toks[j].is(lTheftVerbs) || (toks[j].is(lAttributionVerbs) && l != "linked" && l != "links") {
			return true
		}
		if d.toks[j].ent >= 0 {
			if _, ok := x.mentionRef(&d.ents[d.toks[j].ent], gActor); ok {
				return false
			}
		}
	}
	return false
}

// moneyEligible says whether money k can be a theft amount, and if not why.
// The answer is kept per amount: several steps ask.
func (x *Extractor) moneyEligible(d *doc, k int) (bool, string) {
	if d.elig == nil {
		if cap(d.sc.elig) < len(d.money) {
			d.sc.elig = make([]eligibility, len(d.money))
		}
		d.elig = d.sc.elig[:len(d.money)]
		clear(d.elig)
	}
	e := &d.elig[k]
	if !e.done {
		e.ok, e.why = x.moneyEligibleNow(d, k)
		e.done = true
	}
	return e.ok, e.why
}

type eligibility struct {
	done, ok bool
	why      string
}

func (x *Extractor) moneyEligibleNow(d *doc, k int) (bool, string) {
	m := &d.money[k]
	if m.altOf >= 0 {
		return false, "the equivalent of another amount"
	}
	usd, hasUSD := d.usdOf(k)
	if hasUSD && usd < 10000 {
		return false, "too small for a theft (a price?)"
	}
	s := d.sents[d.toks[m.t0].sent]
	toks := d.toks
	// nearest governing word on either side; a qualifier before the amount
	// ("took more than $600 million") is part of it, not distance
	qlen := 0
	if ph := x.qualifiers.endingAt(toks, m.t0, s.t0, 4); ph != nil {
		qlen = len(ph.toks)
	}
	// "worth about $320 million at current prices": a valuation of what was taken
	worth := m.t0-qlen-1 >= s.t0 && toks[m.t0-qlen-1].is(pWorth)
	// a victim verb in the sentence makes moving funds a theft; asked only
	// when a motion verb is near the amount
	hacked := func() bool {
		for j := s.t0; j < s.t1; j++ {
			if toks[j].is(lVictimPassive) || toks[j].is(lVictimVerbs) {
				return true
			}
		}
		return false
	}
	best, bestDist, bestNeg := "", 99, false
	look := func(j, dist int) {
		if j < s.t0 || j >= s.t1 || (j >= m.t0 && j < m.t1) {
			return
		}
		if m.alt >= 0 && j >= d.money[m.alt].t0 && j < d.money[m.alt].t1 {
			return
		}
		t := &toks[j]
		l := t.low
		neg := t.is(lNotTheft) || (dist <= 3 && j < m.t0 && t.is(lMarketMoves) && !afterTheftNoun(d, j, s.t0))
		if neg && worth && j > m.t0 && valuationWord(l) {
			neg = false
		}
		theft := t.is(lTheftVerbs) || t.is(lTheftNouns) || t.is(lVictimVerbs) ||
			(j < m.t0 && dist <= 2 && t.is(lTheftBeforeMoney)) || // "take about $4.5 million"
			(t.is(lMotionVerbs) && hacked())
		if (neg || theft) && dist < bestDist {
			best, bestDist, bestNeg = l, dist, neg && !theft
		}
	}
	for dist := 1; dist <= 6; dist++ {
		look(m.t0-qlen-dist, dist)
		end := m.t1
		if m.alt >= 0 {
			end = d.money[m.alt].t1
			if end < m.t1 {
				end = m.t1
			}
		}
		look(end-1+dist, dist)
	}
	if bestNeg {
		return false, fmt.Sprintf("governed by %q, not a theft word", best)
	}
	for j := m.t0 - 1; j >= s.t0 && j >= m.t0-5; j-- {
		if toks[j].is(lHypothetical) {
			return false, fmt.Sprintf("hypothetical (%q)", toks[j].low)
		}
	}
	return true, ""
}

// afterTheftNoun says whether the market verb at j has a theft noun for its
// subject ("crypto theft fell to $1.7 billion"): the amount is still a theft total.
func afterTheftNoun(d *doc, j, s0 int) bool {
	for k := j - 1; k >= s0 && k >= j-2; k-- {
		if d.toks[k].is(lTheftNouns) {
			return true
		}
	}
	return false
}

// valuationWord says whether a word after "worth $X" only says how the amount
// was valued ("at current prices", "at market value").
func valuationWord(low string) bool {
	switch low {
	case "price", "prices", "priced", "market", "valuation":
		return true
	}
	return false
}

// claims links victims, amounts, actors and dates into claims.
func (x *Extractor) claims(d *doc) Result {
	var res Result
	n := len(d.sents)
	if cap(d.sc.infos) < n {
		d.sc.infos = make([]sentInfo, n)
	}
	infos := d.sc.infos[:n]
	for si := range d.sents {
		// the lists keep their room from the last document
		v, a, w := infos[si].victims[:0], infos[si].actors[:0], infos[si].weak[:0]
		infos[si] = x.sentFlags(d, si)
		infos[si].victims, infos[si].actors, infos[si].weak = v, a, w
	}
	for si := range d.sents {
		info := &infos[si]
		x.findActors(d, si, info)
		relevant := info.theft || info.victimVerb
		switch {
		case relevant && info.hypo:
			d.near = append(d.near, NearMiss{What: "sentence", Reason: "hypothetical (\"could have\", \"would have\"): nothing was taken",
				Evidence: x.evidence(d, si)})
		case relevant && x.lookalikeNear(infos, si):
			d.near = append(d.near, NearMiss{What: "sentence", Reason: "a ransom or ransomware story here or next to it",
				Evidence: x.evidence(d, si)})
		case relevant:
			x.findVictims(d, si, info)
		}
	}
	used := make([]bool, len(d.money)) // money already given to an incident
	// groups and their first observations come from scratch arenas
	if d.sc.groups == nil {
		d.sc.groups = map[string]*group{}
	}
	groups := d.sc.groups
	clear(groups)
	ga, oa := d.sc.garena[:0], d.sc.oarena[:0]
	defer func() {
		clear(ga)
		clear(oa)
		d.sc.garena, d.sc.oarena = ga[:0], oa[:0]
	}()
	var order []string
	addObs := func(key string, venue int, name string, o obs) *group {
		g := groups[key]
		if g == nil {
			if len(ga) == cap(ga) {
				ga = make([]group, 0, max(16, 2*cap(ga))) // the old one stays with its groups
			}
			if cap(oa)-len(oa) < 4 {
				oa = make([]obs, 0, max(64, 2*cap(oa)))
			}
			ga = append(ga, group{key: key, venue: venue, name: name, first: o.sent, obs: oa[len(oa) : len(oa) : len(oa)+4]})
			oa = oa[:len(oa)+4]
			g = &ga[len(ga)-1]
			groups[key] = g
			order = append(order, key)
		}
		if g.venue < 0 && venue >= 0 {
			g.venue = venue
		}
		if o.strong && !g.strongName() {
			g.name = name
		}
		g.obs = append(g.obs, o)
		return g
	}
	lastVictim, lastVictimSent := "", -10
	lastActor, lastActorSent := (*ahit)(nil), -10
	victimNames := d.sc.surfaces[:0]
	defer func() { clear(victimNames); d.sc.surfaces = victimNames[:0] }()
	for si := 0; si < n; si++ {
		info := &infos[si]
		s := d.sents[si]
		// the sentence's actor: named first, then nation-level; else carried by anaphora
		var act *ahit
		actS := si
		for k := range info.actors {
			if info.actors[k].named {
				act = &info.actors[k]
				break
			}
		}
		if act == nil && len(info.actors) > 0 {
			act = &info.actors[0]
		}
		if act != nil && act.fam == "" && !act.named {
			act = nil
		}
		if act == nil && info.actorAna && lastActor != nil && si-lastActorSent <= 3 {
			act, actS = lastActor, lastActorSent
			lastActorSent = si // a chain of "they ... the group ... these thefts"
		}
		// assign amounts to victims
		usdMoney, nativeMoney := x.assignMoney(d, s, info)
		moneyTaken := false
		for vi := range info.victims {
			moneyTaken = moneyTaken || usdMoney[vi] >= 0 || nativeMoney[vi] >= 0
		}
		for vi, h := range info.victims {
			key, name := x.victimKeyName(d, h.nm)
			if key == "" {
				continue
			}
			if !h.strong && moneyTaken && usdMoney[vi] < 0 && nativeMoney[vi] < 0 && !h.shared {
				// a weak name beside the victim that took the amount: "an API at Kiln,
				// the firm that ran its staking" is where, not who
				continue
			}
			mk := usdMoney[vi]
			if mk < 0 {
				mk = nativeMoney[vi]
			} else if nativeMoney[vi] >= 0 {
				used[nativeMoney[vi]] = true
				addObs(key, h.nm.venue, name, obs{sent: si, rule: h.rule, money: nativeMoney[vi], direct: true, name: name, strong: h.strong, nativeOnly: true})
			}
			o := obs{sent: si, rule: h.rule, money: mk, direct: true, name: name, strong: h.strong}
			if o.money >= 0 {
				used[o.money] = true
			}
			if act != nil {
				o.actor, o.actorS = act, actS
			}
			o.date = x.dateNear(d, s, h.nm.t0, -1)
			addObs(key, h.nm.venue, name, o)
			lastVictim, lastVictimSent = key, si
			victimNames = append(victimNames, victimSurface{key: key, t0: h.nm.t0, t1: h.nm.t1, venue: h.nm.venue, name: name})
			if len(info.victims) == 1 && o.money >= 0 {
				// "X lost $3.7 million, days after an exploit that drained $19.3 million"
				for _, k := range x.earlierClauseMoney(d, s, used) {
					used[k] = true
					addObs(key, h.nm.venue, name, obs{sent: si, rule: "link.separate-event", money: k, direct: true, name: name})
				}
			}
		}
		if len(info.victims) == 0 && !x.lookalikeNear(infos, si) {
			// an actor or an amount with no victim named: link through a name seen
			// elsewhere or through "the attack", "the exchange"
			target := ""
			if act != nil || info.theft {
				target = x.knownVictimIn(d, s, victimNames)
			}
			anaphoric := target == "" && info.victimAna
			forward := false // a headline amount whose victim the next sentence names
			if target == "" && (info.victimAna || info.theft || info.worth || (act != nil && (info.blame || (actS == si && info.hedge)))) {
				if lastVictim != "" && si-lastVictimSent <= 2 {
					target = lastVictim
				} else if key := x.recentMention(d, si, victimNames); key != "" {
					// a victim named again keeps "the exchange" a few sentences on pointing at it
					target = key
				} else if key, ok := onlyVictim(victimNames); ok && ((act != nil && actS == si && (info.victimAna || info.blame || info.hedge)) ||
					(info.theft && si-lastVictimSent <= 6 && x.sentHasMoney(d, s))) {
					// an article about one theft: "the attack" is that theft however far back it was named
					target = key
				} else if w, ok := x.weakBefore(infos, si); ok && info.theft && x.sentHasMoney(d, s) {
					// "Exchange Talvex halted withdrawals. ... $27 million was siphoned
					// from the platform": a name described as a venue just before
					key, name := x.victimKeyName(d, w.nm)
					addObs(key, w.nm.venue, name, obs{sent: si, rule: w.rule + "+coreference", money: -1, direct: false, name: name, strong: true})
					victimNames = append(victimNames, victimSurface{key: key, t0: w.nm.t0, t1: w.nm.t1, venue: w.nm.venue, name: name})
					target = key
					lastVictim, lastVictimSent = key, si
				} else if lastVictim == "" {
					target = x.nextVictim(d, infos, si)
					forward = target != ""
				}
			}
			if target != "" {
				rule := "link.anaphora"
				if !anaphoric {
					rule = "link.coreference"
				}
				var sentAct *ahit // the sentence's own actor goes with an earlier theft it tells of
				if act != nil && actS == si && (act.fam != "" || act.named) && !forward && !(!anaphoric && genericTime(d, s)) {
					// not "North Korea has stolen billions in recent years": a habit, not this theft
					sentAct = act
				}
				sep := false
				if info.theft || info.worth {
					sep = x.corefMoney(d, s, si, info, target, rule, used, sentAct, addObs)
				}
				if sentAct != nil && !sep {
					addObs(target, -1, "", obs{sent: si, rule: "link.actor", money: -1, actor: act, actorS: actS})
				}
			}
		}
		if len(info.actors) > 0 {
			for k := range info.actors {
				if info.actors[k].fam != "" || info.actors[k].named {
					lastActor, lastActorSent = &info.actors[k], si
					break
				}
			}
		}
	}
	order = mergePrefixGroups(groups, order)
	order = x.mergeDefinite(groups, order)
	// incidents (most groups give one)
	if len(order) > 0 {
		res.Incidents = make([]heistwatch.Claim, 0, len(order))
	}
	for _, key := range order {
		res.Incidents = x.buildIncidents(d, infos, groups[key], res.Incidents)
	}
	if len(res.Incidents) == 0 {
		res.Incidents = nil
	}
	// aggregates
	res.Aggregates = x.aggregates(d, infos, used, res.Incidents)
	res.NearMisses = x.nearMisses(d, infos, used, res)
	return res
}

type victimSurface struct {
	key    string
	t0, t1 int // the name's tokens, compared by word id
	venue  int
	name   string
}

func (g *group) strongName() bool {
	for _, o := range g.obs {
		if o.strong && o.name != "" {
			return true
		}
	}
	return false
}

// genericTime says whether a sentence speaks of years in general ("in recent
// years", "over the past years", "for years"): a habit, not one theft.
func genericTime(d *doc, s sentence) bool {
	for i := s.t0 + 1; i < s.t1; i++ {
		if d.toks[i].low != "years" && d.toks[i].low != "decade" {
			continue
		}
		switch d.toks[i-1].low {
		case "recent", "past", "several", "many", "for", "the", "over":
			return true
		}
	}
	return false
}

// recentMention returns the victim named in one of the two sentences before si.
func (x *Extractor) recentMention(d *doc, si int, names []victimSurface) string {
	if len(names) == 0 {
		return ""
	}
	for k := si - 1; k >= 0 && k >= si-2; k-- {
		if key := x.knownVictimIn(d, d.sents[k], names); key != "" {
			return key
		}
	}
	return ""
}

// onlyVictim returns the victim key when every name seen so far is one victim's.
func onlyVictim(names []victimSurface) (string, bool) {
	if len(names) == 0 {
		return "", false
	}
	for _, v := range names[1:] {
		if v.key != names[0].key {
			return "", false
		}
	}
	return names[0].key, true
}

// knownVictimIn finds a victim named elsewhere in the article in sentence s.
func (x *Extractor) knownVictimIn(d *doc, s sentence, names []victimSurface) string {
	// the names' first words, one bit each (mod 64): most tokens start none
	var firsts uint64
	for _, v := range names {
		if v.t1 > v.t0 {
			firsts |= 1 << (uint32(d.toks[v.t0].word) & 63)
		}
	}
	for i := s.t0; i < s.t1; i++ {
		if firsts&(1<<(uint32(d.toks[i].word)&63)) != 0 {
			if key, ok := knownNameAt(d, s, i, names); ok {
				return key
			}
		}
		if e := d.ent(i); e != nil && e.t0 == i {
			if r, ok := x.mentionRef(e, gVenue); ok {
				for _, v := range names {
					if v.venue == r.idx {
						return v.key
					}
				}
			}
		}
	}
	return ""
}

// knownNameAt returns the key of the first of names written at token i.
func knownNameAt(d *doc, s sentence, i int, names []victimSurface) (string, bool) {
	for _, v := range names {
		n := v.t1 - v.t0
		if n <= 0 || d.toks[i].word != d.toks[v.t0].word || i+n > s.t1 {
			continue
		}
		ok := d.toks[i].cap || d.toks[i].upper || d.toks[i].hasUp
		for k := 1; k < n && ok; k++ {
			ok = d.toks[i+k].word == d.toks[v.t0+k].word
		}
		if ok {
			return v.key, true
		}
	}
	return "", false
}

// nextVictim looks one sentence ahead for a victim (a headline stating the
// loss before the name).
func (x *Extractor) nextVictim(d *doc, infos []sentInfo, si int) string {
	if si <= 1 && si+1 < len(infos) && len(infos[si+1].victims) > 0 {
		k, _ := x.victimKeyName(d, infos[si+1].victims[0].nm)
		return k
	}
	return ""
}

// lookalikeNear says whether the sentence or a neighbour is about ransomware.
func (x *Extractor) lookalikeNear(infos []sentInfo, si int) bool {
	for k := si - 1; k <= si+1; k++ {
		if k >= 0 && k < len(infos) && infos[k].lookalike {
			return true
		}
	}
	return false
}

// assignMoney gives each victim of a sentence the amount nearest to it (a
// US-dollar one first, a native one besides); names listed together share
// an amount, which then goes to none of them.
func (x *Extractor) assignMoney(d *doc, s sentence, info *sentInfo) (usd, native []int) {
	usd = make([]int, len(info.victims))
	native = make([]int, len(info.victims))
	for i := range usd {
		usd[i], native[i] = -1, -1
		if m := info.victims[i].nm.money; m >= 0 {
			if _, ok := d.usdOf(m); ok {
				usd[i] = m
			} else {
				native[i] = m
			}
		}
	}
	if len(info.victims) == 0 {
		return usd, native
	}
	var arr [2][8]int // the distances, without an allocation for a few victims
	du, dn := arr[0][:0], arr[1][:0]
	if len(info.victims) <= len(arr[0]) {
		du, dn = arr[0][:len(info.victims)], arr[1][:len(info.victims)]
	} else {
		du, dn = make([]int, len(info.victims)), make([]int, len(info.victims))
	}
	// an amount in parentheses right after a name is that name's
	parenUsed := func(k int) bool {
		for _, v := range info.victims {
			if v.nm.money == k {
				return true
			}
		}
		return false
	}
	for i := s.t0; i < s.t1; i++ {
		k := d.moneyAt(i)
		if k < 0 || parenUsed(k) {
			continue
		}
		if ok, _ := x.moneyEligible(d, k); !ok {
			continue
		}
		m := &d.money[k]
		best, bestDist, bestBreak := -1, 1<<30, false
		for vi, v := range info.victims {
			a, b := m.t1, v.nm.t0 // the tokens between amount and name
			if v.nm.slotEnd <= m.t0 {
				a, b = v.nm.slotEnd, m.t0
			}
			dist, brk := max(b-a, 0), false
			for j := a; j < b; j++ {
				// another clause in between: "X was drained of $2 million and Y suffered"
				switch d.toks[j].low {
				case "and", ",", ";", "while", "but", "whereas":
					dist += 5
					brk = true
				}
			}
			if dist < bestDist {
				best, bestDist, bestBreak = vi, dist, brk
			}
		}
		if best < 0 || info.victims[best].shared || info.victims[best].nm.money >= 0 {
			continue
		}
		if bestBreak && x.totalAmount(d, s, k) {
			continue // "hackers stole $1.34 billion across all of last year, a figure the X hack surpassed"
		}
		if partOfTotal(d, s, k) {
			continue // "North Korea was responsible for $1.6 billion of that, largely the X attack"
		}
		out, dists := native, dn
		if _, ok := d.usdOf(k); ok {
			out, dists = usd, du
		}
		if cur := out[best]; cur < 0 || bestDist < dists[best] {
			out[best] = k
			dists[best] = bestDist
		}
	}
	return usd, native
}

// totalAmount says whether money k reads as a total over a period: an
// aggregate cue right after it ("$1.3 billion across all of 2024", "$2
// billion in total last year") in a sentence that names a period.
func (x *Extractor) totalAmount(d *doc, s sentence, k int) bool {
	m := &d.money[k]
	end := m.t1
	if m.alt >= 0 && d.money[m.alt].t1 > end {
		end = d.money[m.alt].t1
	}
	cue := false
	for j := end; j < s.t1 && j < end+5; j++ {
		t := &d.toks[j]
		if t.low == "," || t.low == ";" {
			break
		}
		if (t.is(lAggregateCues) || t.is(lAggregateWeakCues)) && !pronounAll(d, j, s.t1) {
			cue = true
			break
		}
	}
	return cue && x.periodNear(d, s, k)
}

// pronounAll says whether token j is "all" in "all of it", "all of them":
// a part of one amount, not a total.
func pronounAll(d *doc, j, end int) bool {
	if d.toks[j].low != "all" || j+2 >= end || d.toks[j+1].low != "of" {
		return false
	}
	switch d.toks[j+2].low {
	case "it", "them", "this", "that", "the":
		return true
	}
	return false
}

// better prefers a US-dollar amount, then the larger.
func (x *Extractor) better(d *doc, a, b int) bool {
	ua, oka := d.usdOf(a)
	ub, okb := d.usdOf(b)
	if oka != okb {
		return oka
	}
	if oka {
		return ua > ub
	}
	return false
}

// corefMoney attaches the theft amounts of a sentence without a named victim
// to the victim it refers back to.
func (x *Extractor) corefMoney(d *doc, s sentence, si int, info *sentInfo, target, rule string, used []bool,
	act *ahit, addObs func(string, int, string, obs) *group) (separate bool) {
	for i := s.t0; i < s.t1; i++ {
		k := d.moneyAt(i)
		if k < 0 || used[k] {
			continue
		}
		if ok, _ := x.moneyEligible(d, k); !ok {
			continue
		}
		o := obs{sent: si, rule: rule, money: k, direct: false}
		dt := x.dateAfter(d, s, k)
		dn := x.dateNear(d, s, 0, k)
		if info.separate && dt == "" && len(dn) >= 7 {
			dt = dn // "In August 2023, another attacker drained $2.1 million": a month anywhere
		}
		// "the March 2022 hack of the same bridge, in which ... stole $625 million",
		// in an article of 2024: an earlier theft, told with its month
		past := !info.separate && len(dn) >= 7 && d.pubY > 0 && atoi4(dn) > 0 && atoi4(dn) < d.pubY
		if (info.separate && dt != "") || past {
			o.direct, o.rule = true, "link.separate-event"
			if past {
				dt = dn
			}
			if !strings.HasPrefix(dt, "month") {
				o.date = dt
			}
			if act != nil {
				o.actor, o.actorS = act, si
			}
			separate = true
		} else if x.periodNear(d, s, k) {
			continue // a total over a period, not this theft
		}
		used[k] = true
		addObs(target, -1, "", o)
	}
	return separate
}

// atoi4 reads the year of a date "YYYY..." (0 when it has none).
func atoi4(date string) int {
	if len(date) < 4 {
		return 0
	}
	y := 0
	for _, c := range date[:4] {
		if c < '0' || c > '9' {
			return 0
		}
		y = y*10 + int(c-'0')
	}
	return y
}

// periodNear says whether money k is tied to a period ("in 2022", "since 2017", "last year").
func (x *Extractor) periodNear(d *doc, s sentence, k int) bool {
	m := &d.money[k]
	for _, dm := range d.datesIn(s) {
		if (dm.yearOnly || dm.since) && m.t0 >= 0 {
			return true
		}
	}
	weak, plural := false, false
	for i := s.t0; i < s.t1; i++ {
		t := &d.toks[i]
		if t.is(lAggregateCues) {
			return true
		}
		weak = weak || t.is(lAggregateWeakCues)
		plural = plural || t.is(lTheftPlurals)
	}
	return weak && plural
}

// hasPeriod says whether a sentence names a year or period.
func hasPeriod(d *doc, s sentence) bool {
	for _, dm := range d.datesIn(s) {
		if dm.yearOnly || dm.since {
			return true
		}
	}
	return false
}

func abs(a int) int {
	if a < 0 {
		return -a
	}
	return a
}

// dateAfter returns a date written within three tokens after money k.
func (x *Extractor) dateAfter(d *doc, s sentence, k int) string {
	m := &d.money[k]
	for _, dm := range d.datesIn(s) {
		if dm.t0 >= m.t1 && dm.t0 <= m.t1+3 && dm.t0 < s.t1 && !dm.yearOnly {
			if dm.y == 0 {
				return fmt.Sprintf("month %d", dm.m) // a month of an unknown year
			}
			return dm.String()
		}
	}
	return ""
}

// dateNear picks the date of a sentence nearest the victim or its amount.
func (x *Extractor) dateNear(d *doc, s sentence, at, money int) string {
	var best *dateMention
	bestDist := 1 << 30
	if money >= 0 {
		at = d.money[money].t0
	}
	dates := d.datesIn(s)
	for i := range dates {
		dm := &dates[i]
		if dm.since && !whenClause(d, s, dm.t1) {
			continue // "since 2017" starts a period, but "since 2019, when it lost" dates a theft
		}
		dist := abs(dm.t0 - at)
		if dist < bestDist {
			best, bestDist = dm, dist
		}
	}
	if best == nil {
		return ""
	}
	return best.String() // once, for the nearest
}

// whenClause says whether ", when" follows token j: the date before it is
// when the clause's event happened.
func whenClause(d *doc, s sentence, j int) bool {
	return j+1 < s.t1 && d.toks[j].low == "," && d.toks[j+1].low == "when"
}

// victimKeyName gives a victim's key and the name to report.
func (x *Extractor) victimKeyName(d *doc, nm victimName) (string, string) {
	if nm.venue >= 0 {
		return x.venueKey[nm.venue], x.venues[nm.venue].Name
	}
	end := nm.textEnd
	if end <= nm.t0 {
		end = nm.t1
	}
	name := d.span(nm.t0, end)
	return foldName(name), name
}

// buildIncidents turns a victim's observations into one or more incident
// claims, appended to out: amounts that differ and carry different dates are
// separate thefts.
func (x *Extractor) buildIncidents(d *doc, infos []sentInfo, g *group, out []heistwatch.Claim) []heistwatch.Claim {
	type cluster struct {
		obs  []*obs // into g.obs
		usd  int64
		has  bool
		date string
	}
	var cl []*cluster
	var rest, separate []*obs
	for k := range g.obs {
		o := &g.obs[k]
		u, ok := d.usdOf(o.money)
		if !o.direct || !ok || o.nativeOnly {
			rest = append(rest, o)
			continue
		}
		if o.rule == "link.separate-event" {
			separate = append(separate, o)
			continue
		}
		var into *cluster
		for _, c := range cl {
			// close amounts are one theft unless their years differ ("$48 million
			// on Thursday ... $55 million in June 2024")
			if near(float64(u), float64(c.usd), 0.15) && !yearsDiffer(o.date, c.date) {
				into = c
				break
			}
		}
		if into == nil && len(cl) > 0 {
			main := cl[0]
			// a different amount is the same theft unless its year differs, or
			// its month does and it is not a part of the main amount
			yearDiffers := o.date != "" && (main.date == "" || o.date[:4] != main.date[:4])
			if !yearDiffers && !(monthsDiffer(o.date, main.date) && !near(float64(u), float64(main.usd), 0.5)) {
				into = main
			}
		}
		if into == nil {
			into = &cluster{usd: u, has: true, date: o.date}
			cl = append(cl, into)
		}
		into.obs = append(into.obs, o)
		if u > into.usd {
			into.usd = u
		}
		if into.date == "" {
			into.date = o.date
		}
	}
	if len(cl) == 0 {
		cl = append(cl, &cluster{})
	}
	cl[0].obs = append(cl[0].obs, rest...)
	// earlier thefts from the same victim ("two other attacks ... $37.5 million
	// in February") are incidents of their own unless an amount repeats
	for _, o := range separate {
		u, _ := d.usdOf(o.money)
		var into *cluster
		for _, c := range cl {
			if c.has && near(float64(u), float64(c.usd), 0.15) {
				into = c
			}
		}
		if into == nil && len(cl) == 1 && !cl[0].has {
			// the victim has no amount of its own: the earlier theft told is its theft
			into = cl[0]
			into.usd, into.has = u, true
		}
		if into == nil {
			into = &cluster{usd: u, has: true}
			cl = append(cl, into)
		}
		into.obs = append(into.obs, o)
	}
	if len(cl[0].obs) == 0 {
		cl = cl[1:]
	}
	for _, c := range cl {
		out = append(out, x.incidentClaim(d, infos, g, c.obs))
	}
	return out
}

// monthsDiffer says whether two dates both give a month and the months differ.
func monthsDiffer(a, b string) bool {
	return len(a) >= 7 && len(b) >= 7 && a[:7] != b[:7]
}

// yearsDiffer says whether two dates are both known and fall in different years.
func yearsDiffer(a, b string) bool {
	return len(a) >= 4 && len(b) >= 4 && a[:4] != b[:4]
}

func near(a, b, tol float64) bool {
	if b == 0 {
		return a == 0
	}
	return math.Abs(a-b) <= tol*math.Abs(b)
}

// incidentClaim fills one claim from its observations.
func (x *Extractor) incidentClaim(d *doc, infos []sentInfo, g *group, os []*obs) heistwatch.Claim {
	c := heistwatch.Claim{Kind: heistwatch.KindIncident, VictimKey: g.key}
	c.Victim = g.name
	if g.venue >= 0 {
		c.Victim = x.venues[g.venue].Name
	}
	if c.Victim == "" {
		for _, o := range os {
			if o.name != "" {
				c.Victim = o.name
				break
			}
		}
	}
	var rulesArr [16]string
	var sentsArr [16]int
	rules := rulesArr[:0] // each once; sorted at the end
	sents := sentsArr[:0]
	addRule := func(r string) {
		if !slices.Contains(rules, r) {
			rules = append(rules, r)
		}
	}
	addSent := func(s int) {
		if !slices.Contains(sents, s) {
			sents = append(sents, s)
		}
	}
	// amount: the largest US-dollar figure stated beside the victim's name,
	// else the largest one stated in a sentence that refers back to it
	best := -1
	for pass := 0; pass < 2 && best < 0; pass++ {
		for _, o := range os {
			if o.money < 0 || (pass == 0) != o.direct {
				continue
			}
			if _, ok := d.usdOf(o.money); ok && (best < 0 || x.better(d, o.money, best)) {
				best = o.money
			}
		}
	}
	native := -1
	if best >= 0 {
		if _, _, ok := d.nativeOf(best); ok {
			native = best
		}
	}
	if native < 0 {
		for _, o := range os {
			if o.money >= 0 && o.direct {
				if _, _, ok := d.nativeOf(o.money); ok {
					native = o.money
					break
				}
			}
		}
	}
	if best >= 0 {
		u, _ := d.usdOf(best)
		c.AmountUSD = &u
		m := &d.money[best]
		if !m.usd && m.alt >= 0 {
			m = &d.money[m.alt]
		}
		c.AmountQualifier = m.qual
		if m.max > 0 {
			mx := int64(math.Round(m.max))
			c.AmountUSDMax = &mx
		}
		addRule("money.usd")
	}
	if native >= 0 {
		v, unit, _ := d.nativeOf(native)
		c.AmountNative = &heistwatch.Money{Value: v, Unit: unit}
		addRule("money.native")
	}
	// actor: a named actor beside the victim, then nation-level, then carried
	var act *ahit
	actS := -1
	for pass := 0; pass < 3 && act == nil; pass++ {
		for _, o := range os {
			if o.actor == nil {
				continue
			}
			direct := o.actorS == o.sent
			if (pass == 0 && direct && o.actor.named && o.actor.fam != "") ||
				(pass == 1 && direct && o.actor.fam != "") ||
				(pass == 2) {
				act, actS = o.actor, o.actorS
				break
			}
		}
	}
	if act != nil {
		c.Actor = act.text
		c.ActorFamily = act.fam
		addRule(act.rule)
		info := infos[actS]
		switch {
		case info.hedge:
			c.Attribution = heistwatch.Suspected
		case info.confirm || info.attributor != "" && x.lawEnforcement(info.attributor):
			c.Attribution = heistwatch.Confirmed
		default:
			c.Attribution = heistwatch.Attributed
		}
		c.AttributedBy = info.attributor
		addSent(actS)
	}
	for _, o := range os {
		if c.Date == "" || (len(o.date) > len(c.Date) && o.direct) {
			if o.date != "" && (c.Date == "" || strings.HasPrefix(o.date, c.Date[:4])) {
				c.Date = o.date
			}
		}
		addRule(o.rule)
		addSent(o.sent)
	}
	if c.Date != "" {
		addRule("date.resolved")
	}
	// technique from the victim's sentences and their neighbours, or the whole
	// article when it tells of one theft
	ss := sents
	slices.Sort(ss)
	c.Technique = x.technique(d, ss)
	if c.Technique != "" {
		addRule("technique." + c.Technique)
	}
	if len(ss) > 0 {
		c.Evidence = make([]heistwatch.Evidence, 0, len(ss))
	}
	for _, s := range ss {
		c.Evidence = append(c.Evidence, x.evidence(d, s))
	}
	if len(rules) > 0 {
		c.Rules = append(make([]string, 0, len(rules)), rules...)
		sort.Strings(c.Rules)
	}
	conf := 0.4
	for _, o := range os {
		if o.strong {
			conf += 0.2
			break
		}
	}
	if g.venue >= 0 {
		conf += 0.1
	}
	if c.AmountUSD != nil || c.AmountNative != nil {
		conf += 0.15
	}
	if c.ActorFamily != "" || c.Actor != "" {
		conf += 0.05
	}
	if conf > 0.95 {
		conf = 0.95
	}
	c.Confidence = math.Round(conf*100) / 100
	return c
}

func (x *Extractor) lawEnforcement(name string) bool {
	for _, a := range x.attrs {
		if a.Name == name {
			return a.Kind == "law-enforcement" || a.Kind == "government" || a.Kind == "intergovernmental"
		}
	}
	return false
}

// technique reads the technique wording of the given sentences and their neighbours.
func (x *Extractor) technique(d *doc, sents []int) string {
	var arr [32]int
	in := arr[:0] // the sentences and their neighbours, each once
	for _, s := range sents {
		for k := s - 1; k <= s+1; k++ {
			if k >= 0 && k < len(d.sents) && !slices.Contains(in, k) {
				in = append(in, k)
			}
		}
	}
	// one pass for the techniques some word here starts; only those are tried
	var cand uint64
	for _, s := range in {
		for i := d.sents[s].t0; i < d.sents[s].t1; i++ {
			if tok := &d.toks[i]; tok.is(pTechnique) {
				cand |= x.lexEntries[tok.lex].techs
			}
		}
	}
	if cand == 0 {
		return ""
	}
	for ti, t := range x.techniques {
		bit := techBit(ti)
		if cand&bit == 0 {
			continue
		}
		for _, s := range in {
			sn := d.sents[s]
			for i := sn.t0; i < sn.t1; i++ {
				tok := &d.toks[i]
				if !tok.is(pTechnique) || x.lexEntries[tok.lex].techs&bit == 0 || t.ps.longestAt(d.toks, i, sn.t1) == nil {
					continue
				}
				// "no internal involvement": a negated technique does not count
				neg := false
				for j := i - 1; j >= sn.t0 && j >= i-2; j-- {
					if d.toks[j].is(lNegations) {
						neg = true
					}
				}
				if !neg {
					return t.name
				}
			}
		}
	}
	return ""
}

// evidence returns sentence s as evidence with code-point offsets.
func (x *Extractor) evidence(d *doc, si int) heistwatch.Evidence {
	s := d.sents[si]
	a, b := &d.toks[s.t0], &d.toks[s.t1-1]
	r0, _ := d.sc.runeSpan(s.t0)
	_, r1 := d.sc.runeSpan(s.t1 - 1)
	return heistwatch.Evidence{Text: d.in.Text[a.b0:b.b1], Start: int(r0), End: int(r1)}
}

// aggregates finds totals over many thefts.
func (x *Extractor) aggregates(d *doc, infos []sentInfo, used []bool, incidents []heistwatch.Claim) []heistwatch.Claim {
	var out []heistwatch.Claim
	// amounts a ransomware or ransom sentence states are tainted everywhere
	// (a headline repeating "$81 million" of ransomware proceeds)
	tainted := map[int64]bool{}
	for k := range d.money {
		if u, ok := d.usdOf(k); ok && x.lookalikeNear(infos, int(d.toks[d.money[k].t0].sent)) {
			tainted[u] = true
		}
	}
	lastActor, lastActorSent := (*ahit)(nil), -10
	lastAggSent := -10
	for si, s := range d.sents {
		info := &infos[si]
		var sentActor *ahit
		for k := range info.actors {
			if info.actors[k].fam != "" {
				sentActor = &info.actors[k]
				break
			}
		}
		if !info.theft && !x.lookalikeNear(infos, si) && len(out) > 0 && lastAggSent == si-1 {
			// "That is up from $660 million in 2023.": a comparison with the
			// total just stated is a total of the same thieves
			for i := s.t0; i < s.t1; i++ {
				k := d.moneyAt(i)
				if k < 0 || !d.money[k].usd || !x.comparison(d, s, k) || !hasPeriod(d, s) {
					continue
				}
				u := int64(math.Round(d.money[k].value))
				prev := out[len(out)-1]
				c := heistwatch.Claim{Kind: heistwatch.KindAggregate, Fields: heistwatch.Fields{AmountUSD: &u,
					ActorFamily: prev.ActorFamily, Actor: prev.Actor}, Period: x.period(d, s, k),
					Rules: []string{"aggregate.comparison", "money.usd"}, Confidence: 0.5,
					Evidence: []heistwatch.Evidence{x.evidence(d, si)}}
				if !dupAgg(out, c) && !tainted[u] {
					out = append(out, c)
				}
			}
			// "North Korea accounted for $1.34 billion of the total": a named
			// family's share of the total just stated
			if sentActor != nil {
				for i := s.t0; i < s.t1; i++ {
					k := d.moneyAt(i)
					if k < 0 || !d.money[k].usd || d.money[k].value < 1e6 || !shareOf(d, s, k) {
						continue
					}
					u := int64(math.Round(d.money[k].value))
					c := heistwatch.Claim{Kind: heistwatch.KindAggregate, Fields: heistwatch.Fields{AmountUSD: &u,
						ActorFamily: sentActor.fam, Actor: sentActor.text}, Period: out[len(out)-1].Period,
						Rules: []string{"aggregate.share", "money.usd", sentActor.rule}, Confidence: 0.5,
						Evidence: []heistwatch.Evidence{x.evidence(d, si)}}
					if !dupAgg(out, c) && !tainted[u] {
						out = append(out, c)
						lastAggSent = si
					}
				}
			}
		}
		// "North Korea's previous record was $1.35 billion in 2022": the nation's
		// haul, record or total is theft wording of its own
		haul := sentActor != nil && sentActor.t1 > sentActor.t0 &&
			(d.toks[sentActor.t1-1].is(lAggregateCues) || d.toks[sentActor.t1-1].is(lAggregateWeakCues))
		if !(info.theft || haul) || x.lookalikeNear(infos, si) {
			if sentActor != nil {
				lastActor, lastActorSent = sentActor, si
			}
			continue
		}
		shared := false
		for _, v := range info.victims {
			if v.shared && v.nm.money < 0 {
				shared = true
			}
		}
		for i := s.t0; i < s.t1; i++ {
			k := d.moneyAt(i)
			if k < 0 || used[k] || (d.money[k].usd && d.money[k].paren) {
				continue
			}
			// "1.5 trillion won (about $1.2 billion)": the dollar equivalent is the total
			usdVal, hasUSD := d.usdOf(k)
			if !hasUSD {
				continue
			}
			m := &d.money[k]
			if !m.usd {
				m = &d.money[m.alt]
			}
			if ok, _ := x.moneyEligible(d, k); !ok || usdVal < 1e6 {
				continue
			}
			// a share of the total just stated ("$1.6 billion of that") needs no period of its own
			share := len(out) > 0 && lastAggSent == si-1 && partOfTotal(d, s, k)
			if !(x.periodNear(d, s, k) || share) || (shared && !haul) || x.projected(d, s, k) || x.fromNamed(d, s, k) || x.marketSentence(d, s) {
				continue
			}
			u := usdVal
			dup := tainted[u]
			for _, c := range incidents {
				if c.AmountUSD != nil && near(float64(u), float64(*c.AmountUSD), 0.02) {
					dup = true
				}
			}
			if dup {
				continue
			}
			c := heistwatch.Claim{Kind: heistwatch.KindAggregate}
			c.AmountUSD = &u
			c.AmountQualifier = m.qual
			if m.max > 0 {
				mx := int64(math.Round(m.max))
				c.AmountUSDMax = &mx
			}
			rules := []string{"aggregate.period", "money.usd"}
			// "$1.6 billion of the $2.1 billion stolen": the second is everyone's total
			ofTotal := false
			for j := m.t0 - 1; j >= s.t0 && j >= m.t0-4; j-- {
				if d.toks[j].low == "of" && j > s.t0 {
					for p := j - 1; p >= s.t0 && p >= j-2; p-- {
						if d.moneyAt(p) >= 0 || (p > 0 && d.moneyAt(p-1) >= 0) {
							ofTotal = true
						}
					}
					if d.toks[j+1].low == "all" {
						ofTotal = true
					}
				}
				if d.moneyAt(j) >= 0 {
					break
				}
			}
			var act *ahit
			if !ofTotal {
				// the actor written before the amount, nearest first
				for k2 := len(info.actors) - 1; k2 >= 0; k2-- {
					if info.actors[k2].fam != "" && info.actors[k2].t0 < m.t0 {
						act = &info.actors[k2]
						break
					}
				}
				if act == nil && sentActor != nil {
					act = sentActor
				}
				if act == nil && info.actorAna && lastActor != nil && si-lastActorSent <= 3 {
					act = lastActor
					rules = append(rules, "link.carry")
				}
			}
			if act == nil && !ofTotal && len(out) > 0 && lastAggSent >= si-1 && partOfPrevious(d, s, k) {
				// "About $626 million of that was taken in 2022": a part of the
				// total just stated, by the same thieves
				prev := out[len(out)-1]
				c.ActorFamily, c.Actor = prev.ActorFamily, prev.Actor
				rules = append(rules, "aggregate.part-of")
			}
			if act != nil {
				c.ActorFamily = act.fam
				c.Actor = act.text
				rules = append(rules, act.rule)
			}
			c.Period = x.period(d, s, k)
			if c.Period == "" && share {
				c.Period = out[len(out)-1].Period
			}
			c.Rules = rules
			c.Confidence = 0.6
			c.Evidence = []heistwatch.Evidence{x.evidence(d, si)}
			if !dupAgg(out, c) {
				out = append(out, c)
				lastAggSent = si
			}
		}
		if sentActor != nil {
			lastActor, lastActorSent = sentActor, si
		}
	}
	return out
}

// partOfPrevious says whether money k (with its equivalent in parentheses) is
// followed by "of that", "of this", "of which" or "of it": a part of a figure
// stated just before.
func partOfPrevious(d *doc, s sentence, k int) bool {
	end := d.money[k].t1
	if a := d.money[k].alt; a >= 0 && d.money[a].t1 > end {
		end = d.money[a].t1
	}
	if end < s.t1 && d.toks[end].low == ")" {
		end++
	}
	if end+1 >= s.t1 || d.toks[end].low != "of" {
		return false
	}
	switch d.toks[end+1].low {
	case "that", "this", "which", "it", "those", "these":
		return true
	}
	return false
}

// partOfTotal says whether money k is a share of a total: "$1.6 billion of
// that", "of which", "of the total", "of all funds stolen".
func partOfTotal(d *doc, s sentence, k int) bool {
	if partOfPrevious(d, s, k) {
		return true
	}
	end := d.money[k].t1
	if end+2 < s.t1 && d.toks[end].low == "of" && (d.toks[end+1].low == "all" ||
		(d.toks[end+1].low == "the" && d.toks[end+2].is(lAggregateWeakCues))) {
		return true
	}
	return false
}

func dupAgg(out []heistwatch.Claim, c heistwatch.Claim) bool {
	for _, o := range out {
		if o.ActorFamily == c.ActorFamily && near(float64(*c.AmountUSD), float64(*o.AmountUSD), 0.02) {
			return true
		}
	}
	return false
}

// projected says whether money k is a forecast or threshold ("could exceed $500 million").
func (x *Extractor) projected(d *doc, s sentence, k int) bool {
	m := &d.money[k]
	for j := m.t0 - 1; j >= s.t0 && j >= m.t0-5; j-- {
		if d.toks[j].is(lTheftVerbs) {
			return false // "estimates North Korea stole $3 billion": the theft is stated
		}
		if d.toks[j].is(lProjection) {
			return true
		}
	}
	return false
}

// shareOf says whether money k is a share: "accounted for $1.34 billion",
// "responsible for $1.3 billion".
func shareOf(d *doc, s sentence, k int) bool {
	j := d.money[k].t0 - 1
	for j >= s.t0 && d.toks[j].is(pQualifier) {
		j--
	}
	if j-1 < s.t0 || d.toks[j].low != "for" {
		return false
	}
	switch d.toks[j-1].low {
	case "accounted", "accounting", "accounts", "responsible":
		return true
	}
	return false
}

// period gives an aggregate's span from the dates near its amount.
func (x *Extractor) period(d *doc, s sentence, k int) string {
	m := &d.money[k]
	best, bestDist := dateMention{}, 1<<30
	var since *dateMention
	dates := d.datesIn(s)
	for i := range dates {
		dm := dates[i]
		if dm.since {
			since = &dates[i]
			continue
		}
		dist := abs(dm.t0 - m.t0)
		if dm.t0 >= m.t1 && dm.t0 <= m.t1+3 {
			dist = 0 // "$3.7 billion in 2022"
		}
		if dist < bestDist {
			best, bestDist = dm, dist
		}
	}
	if since != nil {
		end := d.pubY
		if end == 0 {
			for _, dm := range d.allDates() {
				if dm.y > end {
					end = dm.y
				}
			}
		}
		if end > since.y {
			return fmt.Sprintf("%d-%d", since.y, end)
		}
		return fmt.Sprintf("%d", since.y)
	}
	if best.y > 0 {
		return fmt.Sprintf("%d", best.y)
	}
	return ""
}

// nearMisses explains money mentions that became no claim.
func (x *Extractor) nearMisses(d *doc, infos []sentInfo, used []bool, res Result) []NearMiss {
	// gathered in scratch, then copied once at their exact number
	out := append(d.sc.near[:0], d.near...)
	defer func() { clear(out); d.sc.near = out[:0] }()
	// actors named in no sentence a claim rests on
	var inClaim []int // evidence starts of the claims
	for _, cs := range [2][]heistwatch.Claim{res.Incidents, res.Aggregates} {
		for k := range cs {
			for _, e := range cs[k].Evidence {
				inClaim = append(inClaim, e.Start)
			}
		}
	}
	for si := range infos {
		for _, a := range infos[si].actors {
			if (a.named || a.fam != "") && !slices.Contains(inClaim, sentStart(d, si)) {
				out = append(out, NearMiss{What: "actor", Text: a.text, Rule: a.rule,
					Reason: "not tied to a theft in its sentence or by \"the attack\", \"they\" nearby", Evidence: x.evidence(d, si)})
			}
		}
	}
	inAgg := make([]int64, 0, len(res.Aggregates))
	for _, c := range res.Aggregates {
		inAgg = append(inAgg, *c.AmountUSD)
	}
	for k := range d.money {
		m := &d.money[k]
		if used[k] || m.altOf >= 0 {
			continue
		}
		if u, ok := d.usdOf(k); ok && slices.Contains(inAgg, u) {
			continue
		}
		si := int(d.toks[m.t0].sent)
		reason := ""
		if ok, why := x.moneyEligible(d, k); !ok {
			reason = why
		} else if x.lookalikeNear(infos, si) {
			reason = "a ransom or ransomware story nearby"
		} else if !infos[si].theft {
			reason = "no theft word in the sentence"
		} else {
			reason = "no victim named or referred to, and no period for a total"
		}
		a, b := d.toks[m.t0], d.toks[m.t1-1]
		out = append(out, NearMiss{What: "money", Text: d.in.Text[a.b0:b.b1], Reason: reason,
			Evidence: x.evidence(d, si)})
	}
	if len(out) == 0 {
		return nil
	}
	return append([]NearMiss(nil), out...)
}

// sentStart is sentence si's code-point offset, where its evidence starts.
func sentStart(d *doc, si int) int {
	r0, _ := d.sc.runeSpan(d.sents[si].t0)
	return int(r0)
}

// inTickerList says whether a mention sits in a list of tickers
// ("WETH, AAVE, SUSHI"): a token named, not a venue robbed.
func (x *Extractor) inTickerList(d *doc, s sentence, e *mention) bool {
	tick := func(j int) bool {
		if j < s.t0 || j >= s.t1 {
			return false
		}
		t := &d.toks[j]
		coin := false
		if t.is(pCoin) { // only coin words have the bit: most tokens skip the map
			_, coin = x.coins[t.low]
		}
		return t.upper || coin
	}
	prev, next := e.t0-1, e.t1
	if prev >= s.t0 && d.toks[prev].low == "," {
		prev--
	}
	if next < s.t1 && d.toks[next].low == "," {
		next++
	}
	return d.toks[e.t0].upper && (tick(prev) || tick(next))
}

// mergePrefixGroups joins unknown victims whose names differ only by words
// after a common start ("Kabexpra" and "Kabexpra Nalnalka", or a headline's
// "Nalgeltre Shuts Down"), keeping the shorter name.
func mergePrefixGroups(groups map[string]*group, order []string) []string {
	var out []string
	for _, key := range order {
		g := groups[key]
		var into *group
		for _, k2 := range out {
			h := groups[k2]
			if g.venue >= 0 && h.venue >= 0 {
				continue
			}
			if wordPrefix(g.key, h.key) || wordPrefix(h.key, g.key) {
				into = h
				break
			}
		}
		if into == nil {
			out = append(out, key)
			continue
		}
		if len(g.key) < len(into.key) && g.venue < 0 && into.venue < 0 {
			into.key, into.name = g.key, g.name
		}
		if into.venue < 0 && g.venue >= 0 {
			into.venue, into.key, into.name = g.venue, g.key, g.name
		}
		into.obs = append(into.obs, g.obs...)
		sort.SliceStable(into.obs, func(a, b int) bool { return into.obs[a].sent < into.obs[b].sent })
	}
	for _, k := range out {
		groups[groups[k].key] = groups[k]
	}
	res := make([]string, len(out))
	for i, k := range out {
		res[i] = groups[k].key
	}
	return res
}

// mergeDefinite joins a venue whose name is "The" and a generic word ("The
// DAO") into another victim whose name ends with that word ("Heronsgate
// DAO"): in such an article "the DAO" is that victim, not the venue of 2016.
func (x *Extractor) mergeDefinite(groups map[string]*group, order []string) []string {
	out := order[:0]
	for _, key := range order {
		g := groups[key]
		if into := x.definiteTarget(groups, order, g); into != nil {
			into.obs = append(into.obs, g.obs...)
			continue
		}
		out = append(out, key)
	}
	return out
}

// definiteTarget finds the group "The <word>" venue g stands for, or nil.
func (x *Extractor) definiteTarget(groups map[string]*group, order []string, g *group) *group {
	if g.venue < 0 {
		return nil
	}
	name := x.venues[g.venue].Name
	word, ok := strings.CutPrefix(name, "The ")
	if !ok || strings.Contains(word, " ") || !genericWord(strings.ToLower(word)) {
		return nil
	}
	for _, k := range order {
		o := groups[k]
		if o == g || o.name == "" {
			continue
		}
		if i := strings.LastIndexByte(o.name, ' '); i > 0 && strings.EqualFold(o.name[i+1:], word) {
			return o
		}
	}
	return nil
}

// wordPrefix says whether a's words start b's words.
func wordPrefix(a, b string) bool {
	return a != "" && b != a && strings.HasPrefix(b, a+" ")
}

// fromNamed says whether money k is taken "from" a named party ("$1 billion
// stolen by Saddam Hussein from the Central Bank"): one event, not a total.
func (x *Extractor) fromNamed(d *doc, s sentence, k int) bool {
	m := &d.money[k]
	for j := m.t1; j < s.t1 && j < m.t1+10; j++ {
		if l := d.toks[j].low; l == "including" || l == "like" || l == "such" || l == "," {
			return false // "$200 million in attacks, including from Atomic Wallet ($35 million)"
		}
		if d.toks[j].low != "from" {
			continue
		}
		for n := j + 1; n < s.t1 && n < j+6; n++ {
			t := &d.toks[n]
			if x.isDescriptor(d, n) && !t.cap {
				continue
			}
			return t.kind == tWord && t.cap && !t.is(lNotNames) && !t.is(lVenueDescriptors)
		}
	}
	return false
}

// marketSentence says whether a sentence is about prices or market value
// and has no theft verb: its amounts are market moves.
func (x *Extractor) marketSentence(d *doc, s sentence) bool {
	market, verb := false, false
	for i := s.t0; i < s.t1; i++ {
		l := d.toks[i].low
		switch l {
		case "price", "prices", "cap", "capitalization", "capitalisation", "liquidation", "liquidations", "volume":
			market = true
		}
		if d.toks[i].is(lTheftVerbs) || d.toks[i].is(lVictimVerbs) {
			verb = true
		}
	}
	return market && !verb
}

// modifier says whether a venue mention only describes the noun after it
// ("a Coinbase support agent", "Coinbase customers", "his Kraken account"):
// the people or the account named are who lost, not the venue.
func (x *Extractor) modifier(d *doc, s sentence, e *mention) bool {
	for j := e.t1; j < s.t1 && j < e.t1+2; j++ {
		if d.toks[j].is(lPeopleNouns) {
			return true
		}
	}
	return false
}

// ownedBefore says whether a venue mention is described as someone's ("its
// BNB Smart Chain bridge"): part of the victim named before, not a victim.
func (x *Extractor) ownedBefore(d *doc, s sentence, e *mention) bool {
	for j := e.t0 - 1; j >= s.t0 && j >= e.t0-6; j-- {
		switch d.toks[j].low {
		case "its", "their", "his", "her":
			return true
		}
		if !x.isDescriptor(d, j) {
			return false
		}
	}
	return false
}

// weakBefore returns the last name a weak pattern found in the three
// sentences before si, when no victim was confirmed in between.
func (x *Extractor) weakBefore(infos []sentInfo, si int) (vhit, bool) {
	for k := si - 1; k >= 0 && k >= si-3; k-- {
		if len(infos[k].victims) > 0 {
			return vhit{}, false
		}
		if n := len(infos[k].weak); n > 0 {
			return infos[k].weak[n-1], true
		}
	}
	return vhit{}, false
}

// contrasted says whether a mention at token i follows "unlike" or "not" in
// its clause: "Unlike last year's Lazarus hacks" blames nobody.
func (x *Extractor) contrasted(d *doc, s sentence, i int) bool {
	for j := i - 1; j >= s.t0 && j >= i-7; j-- {
		switch d.toks[j].low {
		case "unlike", "rather", "instead", "denied", "denies", "dismissed", "rejected", "excluded":
			return true
		case "not", "no":
			return j >= i-4 // "not Lazarus", "no evidence of Lazarus involvement"
		case "ruled", "rules", "rule":
			// "ruled out the involvement of the Lazarus Group"; "have not ruled out" hedges
			p := ""
			if j > s.t0 {
				p = d.toks[j-1].low
			}
			return p != "not" && p != "n't" && p != "never"
		case ",", ";", ".":
			return false
		}
	}
	return false
}

// comparison says whether money k is compared with another figure: "up from
// $660 million", "compared with $3.3 billion".
func (x *Extractor) comparison(d *doc, s sentence, k int) bool {
	m := &d.money[k]
	j := m.t0 - 1
	for j >= s.t0 && d.toks[j].is(pQualifier) {
		j--
	}
	if j-1 < s.t0 {
		return false
	}
	a, b := d.toks[j-1].low, d.toks[j].low
	return (b == "from" && (a == "up" || a == "down" || a == "increase" || a == "rise" || a == "jump" || a == "drop" || a == "decline")) ||
		((b == "to" || b == "with") && (a == "compared" || a == "comparison"))
}

// nationNoun reads a nation adjective as an attribution when a hacker noun
// follows ("North Korean hackers", "North Korea's cyber operations") or the
// nation's own theft does ("North Korea's total known cryptocurrency theft"),
// but not a venue ("Iran's largest exchange", "an Iranian exchange hack").
// It returns where the wording ends.
func (x *Extractor) nationNoun(d *doc, s sentence, e *mention) (int, bool) {
	for j, n := e.t1, 0; j < s.t1 && n < 4; j, n = j+1, n+1 {
		if k := d.moneyAt(j); k >= 0 && d.money[k].t0 == j {
			j = d.money[k].t1 - 1 // "North Korea's $1.5 billion theft"
			continue
		}
		t := &d.toks[j]
		switch {
		case t.is(lHackerNouns):
			return j + 1, true
		case t.is(lTheftNouns):
			return j + 1, true
		case t.is(lAggregateCues) || t.is(lAggregateWeakCues):
			return j + 1, true // "North Korea's haul", "North Korea's previous record"
		case t.upper && len(t.low) <= 3 && t.ent < 0:
			// "North Korean IT workers": a short acronym before the noun
		case t.is(lVenueNouns) || t.cap || t.ent >= 0 || (t.kind == tPunct && t.low != "-"):
			return 0, false
		}
	}
	return 0, false
}
