package extract

import (
	"slices"
	"strconv"
	"strings"
)

// mention is a gazetteer match: tokens [t0, t1) and what they name.
type mention struct {
	t0, t1 int
	refs   []int // into Extractor.refs; several when a phrase names two things
}

// doc is one article under analysis.
type doc struct {
	in        Input
	toks      []token
	sents     []sentence
	ents      []mention
	money     []money
	inMoney   []bool        // token is part of an amount
	dates     []dateMention // read per sentence on demand (datesIn)
	dateSpan  [][2]int32    // per sentence: its dates in dates, or -1 not read yet
	x         *Extractor
	pubY      int
	pubM      int
	pubD      int
	venueSeen []int         // venues named by an unambiguous alias
	slots     []slotMemo    // victimSlot results by token, filled on demand
	near      []NearMiss    // why mentions did not become claims, for --explain
	title     []int8        // per sentence: 0 not yet known, 1 title case, 2 not
	elig      []eligibility // per amount, filled on demand
	sc        *scratch
	// nameCounts: docWord capital/lower-case counts are filled (nameUse)
	nameCounts bool
}

// slotMemo remembers what the victim slot found at one token: every pattern
// that starts or ends with VICTIM asks the same question there.
// It holds no pointers (the names are a run of scratch.vnames), so a
// document's memos are cleared without write barriers.
type slotMemo struct {
	done   bool
	ok     bool
	next   int
	n0, n1 int32 // the names: scratch.vnames[n0:n1]
}

func (d *doc) moneyAt(i int) int {
	if i < 0 || i >= len(d.toks) {
		return -1
	}
	return int(d.toks[i].money)
}

// ent returns the mention covering token i, or nil.
func (d *doc) ent(i int) *mention {
	if i < 0 || i >= len(d.toks) || d.toks[i].ent < 0 {
		return nil
	}
	return &d.ents[d.toks[i].ent]
}

// analyse tokenizes, segments and finds entities, money and dates.
func (x *Extractor) analyse(in Input) *doc {
	sc, _ := x.pool.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}

	d := &sc.doc // the document lives in its scratch: one allocation fewer
	*d = doc{in: in, sc: sc, x: x, ents: sc.ents[:0], money: sc.money[:0], dates: sc.dates[:0]}
	sc.vnames, sc.refs = sc.vnames[:0], sc.refs[:0]
	d.toks = sc.tokenizeWith(in.Text, x.lexTab)
	d.sents = segment(d.toks, sc.sents)
	d.pubY, d.pubM, d.pubD = parsePublished(in.Published)
	d.venueSeen = sc.venueSeen[:0]
	// per sentence, while its tokens are at hand: mentions, amounts, dates
	// (none of the three reads what the others find in later sentences)
	for _, s := range d.sents {
		for i := s.t0; i < s.t1; {
			// scanEntity's own test first, without the call
			if t := &d.toks[i]; t.kind != tPunct && t.is(pGazetteer) {
				if n := x.scanEntity(d, i, s.t1); n > 0 {
					i += n
					continue
				}
			}
			i++
		}
		for i := s.t0; i < s.t1; {
			if t := &d.toks[i]; t.kind != tNum && !t.is(pCurrency) && t.low != "half" {
				i++
				continue
			}
			if m, ok := x.parseMoney(d, i, s.t1); ok {
				d.money = append(d.money, m)
				d.toks[m.t0].money = int32(len(d.money) - 1)
				i = m.t1
				continue
			}
			i++
		}
	}
	// dates are read per sentence when claims first asks (datesIn)
	x.pairMoney(d)
	for _, m := range d.money {
		for j := m.t0; j < m.t1; j++ {
			d.toks[j].inMoney = true
		}
	}
	return d
}

// datesIn returns the dates of sentence s, read on the first question:
// most sentences are never asked (only those with a victim, an amount or a
// total), and a sentence's dates depend only on its tokens and amounts.
func (d *doc) datesIn(s sentence) []dateMention {
	si := int(d.toks[s.t0].sent)
	if d.dateSpan == nil {
		d.dateSpan = d.sc.dateSpan[:0]
		for range d.sents {
			d.dateSpan = append(d.dateSpan, [2]int32{-1, -1})
		}
		d.sc.dateSpan = d.dateSpan
	}
	r := &d.dateSpan[si]
	if r[0] < 0 {
		r[0] = int32(len(d.dates))
		d.x.scanDates(d, d.sents[si])
		r[1] = int32(len(d.dates))
	}
	return d.dates[r[0]:r[1]:r[1]]
}

// allDates returns the dates of every sentence, reading those not read yet.
func (d *doc) allDates() []dateMention {
	for _, s := range d.sents {
		d.datesIn(s)
	}
	return d.dates
}

// scanEntity records the longest gazetteer phrase at token i.
func (x *Extractor) scanEntity(d *doc, i, end int) int {
	if d.toks[i].kind == tPunct || !d.toks[i].is(pGazetteer) {
		return 0
	}
	best := 0
	r0 := len(d.sc.refs) // the refs go to the document's arena
	matchBucket(x.lexEntries[d.toks[i].lex].gaz.at(d.toks, i, end), d.toks, i, end, func(ph *phrase) bool {
		if len(ph.toks) < best {
			return false
		}
		// a phrase must end on a word boundary: "Lazarus" not inside "Lazarus-like"
		best = len(ph.toks)
		d.sc.refs = append(d.sc.refs, ph.payload)
		return true
	})
	if best == 0 {
		return 0
	}
	refs := d.sc.refs[r0:len(d.sc.refs):len(d.sc.refs)]
	m := mention{t0: i, t1: i + best, refs: refs}
	d.ents = append(d.ents, m)
	for j := i; j < i+best; j++ {
		d.toks[j].ent = int32(len(d.ents) - 1)
	}
	for _, r := range refs {
		if x.refs[r].kind == gVenue && !x.refs[r].amb {
			if !slices.Contains(d.venueSeen, x.refs[r].idx) {
				d.venueSeen = append(d.venueSeen, x.refs[r].idx)
			}
		}
	}
	return best
}

// mentionRef returns the first ref of a mention with the given kind.
func (x *Extractor) mentionRef(m *mention, kinds ...gazKind) (gazRef, bool) {
	for _, r := range m.refs {
		for _, k := range kinds {
			if x.refs[r].kind == k {
				return x.refs[r], true
			}
		}
	}
	return gazRef{}, false
}

// in says whether a normalised word is on a list.
func (x *Extractor) in(l listID, low string) bool { return x.bits[low]&(1<<l) != 0 }

// isDescriptor says whether token j may sit in the description before a
// victim name: "the Singapore-based", "crypto exchange", "South Korean".
func (x *Extractor) isDescriptor(d *doc, j int) bool {
	t := &d.toks[j]
	if e := d.ent(j); e != nil {
		if _, ok := x.mentionRef(e, gFamAdj, gFamName); !ok {
			return false
		}
		// "Iran's", "Japanese": a place describing the venue
		return true
	}
	if t.is(lVenueDescriptors) || t.is(lVenueNouns) || t.is(lGeo) {
		return true
	}
	if t.low == "-" && !t.space && j+1 < len(d.toks) && !d.toks[j+1].space {
		return true
	}
	if j > 0 && d.toks[j-1].low == "-" && !t.space && (t.kind == tNum || !t.cap) {
		return true
	}
	if t.kind == tNum && len(t.low) == 4 { // "the 2019 Upbit hack"
		return true
	}
	return false
}

// victimName is one name a victim slot found.
type victimName struct {
	t0, t1  int // the proper name
	textEnd int // name plus capitalised trailing nouns ("Seedify Bridge")
	slotEnd int // after trailing nouns and a parenthesis
	venue   int // venue index or -1
	amb     bool
	money   int // money index in a parenthesis right after, or -1
}

// isNameStart says whether token j can begin an unknown victim name.
func (x *Extractor) isNameStart(d *doc, j int) bool {
	t := &d.toks[j]
	// remembered per token: asked again by every pattern that tries it, and
	// everything it reads is settled once analyse is done
	if t.nameStart == 0 {
		t.nameStart = 2
		if x.nameStart(d, j) {
			t.nameStart = 1
		}
	}
	return t.nameStart == 1
}

// nameStart is isNameStart without the memo.
func (x *Extractor) nameStart(d *doc, j int) bool {
	t := &d.toks[j]
	if t.kind != tWord || !(t.cap || t.hasUp) || t.ent >= 0 || t.inMoney || t.b1-t.b0 < 2 {
		return false
	}
	const never = 1<<lNotNames | 1<<lGeo | 1<<lVenueDescriptors | 1<<lVenueNouns | 1<<lHackerNouns |
		1<<lTheftVerbs | 1<<lTheftNouns | 1<<lVictimVerbs | 1<<lVictimLossVerbs | 1<<lAttributionVerbs |
		1<<lHedges | 1<<lConfirmers | 1<<pScale
	if t.bits&never != 0 || (t.is(pCoin) && !t.upper) {
		return false
	}
	if t.upper && runeCount(d.text(t)) <= 2 {
		return false // "OP", "X": tickers and platforms
	}
	if !t.upper && !hasUpperRune(d.text(t)[1:]) && headlineWord(t.low) {
		return false // "Escalating", "Reportedly": headline words
	}
	if j > 0 && d.toks[j-1].is(lPersonTitles) {
		return false // "Co-founder Ravi Menon"
	}
	// a word the article also writes in lower case is a common word in a
	// headline ("Further Exploits"), not a name
	return !d.lowerToo(t)
}

// isCue says whether a word is theft or look-alike wording (never a name).
func (x *Extractor) isCue(t *token) bool {
	return t.bits&(1<<lTheftVerbs|1<<lTheftNouns|1<<lVictimVerbs|1<<lVictimLossVerbs|1<<lAttributionVerbs|
		1<<lHedges|1<<lConfirmers) != 0
}

// functionWord says whether a word ends a name ("Cream Finance For $130 Million").
func functionWord(low string) bool {
	switch low {
	case "for", "of", "and", "or", "to", "in", "on", "from", "with", "by", "as", "at", "the", "a", "an", "is", "was", "were", "has", "had", "have", "after", "before", "says", "said", "over", "into", "amid", "says:", "but", "not", "this", "that", "its", "how", "why":
		return true
	}
	return false
}

// nameAt reads a victim name starting at token j.
func (x *Extractor) nameAt(d *doc, j, end int) (victimName, bool) {
	nm := victimName{t0: j, venue: -1, money: -1}
	if j >= end {
		return nm, false
	}
	toks := d.toks
	if e := d.ent(j); e != nil && e.t0 == j {
		r, ok := x.mentionRef(e, gVenue)
		if !ok {
			return nm, false
		}
		if r.amb && !slices.Contains(d.venueSeen, r.idx) && !toks[j].cap {
			return nm, false
		}
		nm.t1, nm.venue, nm.amb = e.t1, r.idx, r.amb
	} else if x.isNameStart(d, j) {
		if j > 0 && d.toks[j-1].sent == d.toks[j].sent && x.continuesName(d, j-1) {
			return nm, false // "Lotorfel" inside "Corquizen Lotorfel"
		}
		k := j + 1
		for k < end && k-j < 6 {
			t := &toks[k]
			if t.nl > 0 {
				break
			}
			if t.low == "." && !t.space && k+1 < end && !toks[k+1].space && toks[k+1].kind == tWord {
				k += 2 // Stake.com
				continue
			}
			if t.low == "." && (toks[k-1].low == "mt" || toks[k-1].low == "st") && k+1 < end && toks[k+1].cap {
				k += 2 // Mt. Gox
				continue
			}
			if t.kind == tWord && (t.cap || t.hasUp) && !functionWord(t.low) && !x.isCue(t) &&
				d.toks[k].ent < 0 && !t.is(lGeo) && !isMonth(t.low) && !t.is(lVenueNouns) &&
				!(t.is(lNotNames) && !t.is(lVenueDescriptors)) {
				k++
				continue
			}
			if t.kind == tNum && !t.space && k > j { // "Bit2Me"
				k++
				continue
			}
			break
		}
		nm.t1 = k
		if k == j+1 && x.surname(d, j) {
			return nm, false
		}
	} else {
		return nm, false
	}
	// trailing nouns: "DragonEx exchange", "Seedify Bridge", "Harmony blockchain bridge"
	k := nm.t1
	nm.textEnd = k
	for k < end && k-nm.t1 < 4 {
		t := &toks[k]
		if t.nl > 0 {
			break
		}
		if t.is(lVenueNouns) || (t.low == "-" && !t.space) || (k > 0 && toks[k-1].low == "-" && !t.space) {
			k++
			if t.cap && k-nm.t1 == nm.textEnd-nm.t1+1 {
				nm.textEnd = k
			}
			continue
		}
		break
	}
	nm.slotEnd = k
	// "the Moldovan exchange Kravix": a nationality, then the name
	if nm.venue < 0 && nm.t1 == j+1 && k > nm.t1 && k < end && nationality(toks[j].low) && x.isNameStart(d, k) {
		if inner, ok := x.nameAt(d, k, end); ok {
			return inner, true
		}
	}
	// "Atomic Wallet ($35 million)"
	if k < end && toks[k].low == "(" {
		for m := k + 1; m < end && m <= k+3; m++ {
			if mi := d.moneyAt(m); mi >= 0 {
				nm.money = mi
				for c := d.money[mi].t1; c < end && c < k+16; c++ {
					if toks[c].low == ")" {
						nm.slotEnd = c + 1
						break
					}
				}
				break
			}
		}
	}
	if x.nonCrypto(d, nm) {
		return nm, false
	}
	return nm, true
}

// nonCrypto rejects names such as "Central Bank" that are not crypto venues.
func (x *Extractor) nonCrypto(d *doc, nm victimName) bool {
	if nm.venue >= 0 {
		return false
	}
	for i := nm.t0; i < nm.textEnd; i++ {
		if d.toks[i].is(lNonCryptoVictims) {
			return true
		}
	}
	return false
}

// victimSlot reads the VICTIM element: a description, a name, and more names
// joined by commas and "and".
func (x *Extractor) victimSlot(d *doc, i, end int) ([]victimName, int, bool) {
	if i >= end || i >= len(d.toks) {
		return nil, i, false
	}
	if d.slots == nil {
		d.slots = d.sc.slotsFor(len(d.toks))
	}
	m := &d.slots[i]
	if !m.done {
		var names []victimName
		n0 := len(d.sc.vnames)
		names, m.next, m.ok = x.victimSlotAt(d, i, end)
		m.n0, m.n1 = int32(n0), int32(n0+len(names))
		m.done = true
		return names, m.next, m.ok
	}
	// shared: callers copy before appending
	return d.sc.vnames[m.n0:m.n1:m.n1], m.next, m.ok
}

func (x *Extractor) victimSlotAt(d *doc, i, end int) ([]victimName, int, bool) {
	skip := func(j int) int {
		for n := 0; j < end && n < 8; n++ {
			if !x.isDescriptor(d, j) {
				break
			}
			// a descriptor that is itself a venue name is the name
			if e := d.ent(j); e != nil {
				if _, ok := x.mentionRef(e, gVenue); ok {
					break
				}
			}
			j++
		}
		return j
	}
	j := skip(i)
	for k := i; k < j; k++ {
		if l := d.toks[k].low; l == "its" || l == "their" {
			return nil, i, false // "its BNB Smart Chain bridge": part of the victim before
		}
	}
	first, ok := x.nameAt(d, j, end)
	if !ok {
		return nil, i, false
	}
	// the names go to the document's name arena (nameAt adds nothing there
	// meanwhile), so a slot costs no allocation of its own
	n0 := len(d.sc.vnames)
	d.sc.vnames = append(d.sc.vnames, first)
	names := d.sc.vnames[n0:]
	k := first.slotEnd
	closed := 1 // names up to the last one joined by "and"/"or": a list ends so
	for len(names) < 8 && k < end {
		c := k
		comma := false
		if d.toks[c].low == "," {
			c++
			comma = true
		}
		conj := false
		if c < end && (d.toks[c].low == "and" || d.toks[c].low == "or") {
			c++
			conj = true
		} else if !comma {
			break
		}
		nm, ok := x.nameAt(d, skip(c), end)
		if !ok {
			if conj {
				closed = len(names) // "A (...), B (...), and the largest hack ever"
			}
			break
		}
		d.sc.vnames = append(d.sc.vnames, nm)
		names = d.sc.vnames[n0:]
		k = nm.slotEnd
		if conj {
			closed = len(names)
		}
	}
	if closed < len(names) && len(names) < 3 {
		// "from the Quarvo exchange, Pellow said": a name after a bare comma
		// that no "and" closes is no list item
		names = names[:closed]
		k = names[closed-1].slotEnd
		d.sc.vnames = d.sc.vnames[:n0+closed]
	}
	return names[:len(names):len(names)], k, true
}

// text gives a token as written.
func (d *doc) text(t *token) string { return d.in.Text[t.b0:t.b1] }

// nameText gives the words of a victim name as written.
func (d *doc) span(t0, t1 int) string {
	if t0 >= t1 || t0 < 0 || t1 > len(d.toks) {
		return ""
	}
	return d.in.Text[d.toks[t0].b0:d.toks[t1-1].b1]
}

func parsePublished(s string) (y, m, day int) {
	s = strings.TrimSpace(s)
	if len(s) >= 4 {
		y, _ = strconv.Atoi(s[:4])
	}
	if len(s) >= 7 && s[4] == '-' {
		m, _ = strconv.Atoi(s[5:7])
	}
	if len(s) >= 10 && s[7] == '-' {
		day, _ = strconv.Atoi(s[8:10])
	}
	if y < 1990 || y > 2100 {
		return 0, 0, 0
	}
	if m < 1 || m > 12 {
		m, day = 0, 0
	}
	if day < 1 || day > 31 {
		day = 0
	}
	return y, m, day
}

// surname says whether a one-word name is written elsewhere after a first
// name ("Sumit Gupta" ... "Gupta said"): a person quoted, not a victim.
func (x *Extractor) surname(d *doc, j int) bool {
	w := d.toks[j].word // same word id, same normalised form
	for i := 1; i < len(d.toks); i++ {
		t := &d.toks[i]
		if t.word != w || i == j {
			continue
		}
		if e := d.ent(i); e != nil && e.t0 < i {
			if _, ok := x.mentionRef(e, gActor); ok {
				return true // "Ilya Lichtenstein" ... "Lichtenstein hacked into"
			}
		}
		p := &d.toks[i-1]
		if p.kind != tWord || !p.cap || t.nl > 0 || p.upper || d.toks[i-1].ent >= 0 || d.titleCase(int(t.sent)) {
			continue
		}
		if p.is(lNotNames) || p.is(lGeo) || p.is(lVenueDescriptors) ||
			p.is(lVenueNouns) || x.isCue(p) || p.is(lHackerNouns) || d.lowerToo(p) {
			continue
		}
		return true
	}
	return false
}

// continuesName says whether token j is a capitalised word a name would run
// through, so a name cannot start right after it.
func (x *Extractor) continuesName(d *doc, j int) bool {
	t := &d.toks[j]
	if t.kind != tWord || !(t.cap || t.hasUp) || t.ent >= 0 || t.inMoney || t.b1-t.b0 < 2 {
		return false
	}
	return !(t.is(lNotNames) || t.is(lGeo) || t.is(lVenueDescriptors) ||
		t.is(lVenueNouns) || x.isCue(t) || t.is(lHackerNouns) || functionWord(t.low) ||
		isMonth(t.low) || d.lowerToo(t))
}

// headlineWord says whether a capitalised word is a verb form or adverb that
// starts headlines and sentences ("Escalating", "Reportedly"), not a name.
func headlineWord(low string) bool {
	if strings.HasSuffix(low, "ing") && len(low) > 5 {
		return true
	}
	for _, suf := range []string{"ally", "edly", "ntly", "ably", "ibly", "tely", "ously", "ively", "arly"} {
		if strings.HasSuffix(low, suf) && len(low) > len(suf)+2 {
			return true
		}
	}
	return false
}

// lowerToo says whether the article also writes this capitalised word in
// lower case, which makes a capitalised use of it a headline word, not a name.
func (d *doc) lowerToo(t *token) bool {
	w := &d.sc.words[t.word]
	return w.capSeen && w.lowSeen && !d.nameUse(t.word)
}

// nameUse says whether the article writes word w capitalised inside a
// sentence (not first, not in a title-case headline) and capitalised more than
// twice as often as in lower case: a name it once writes in lower case (a
// quoted "the glimmerpath network"), not a common word of a headline.
func (d *doc) nameUse(w int32) bool {
	if !d.nameCounts {
		// one pass counts every word that is written both ways
		d.nameCounts = true
		for i := range d.toks {
			t := &d.toks[i]
			if t.kind != tWord {
				continue
			}
			dw := &d.sc.words[t.word]
			if !dw.capSeen || !dw.lowSeen {
				continue
			}
			switch {
			case !t.cap:
				dw.nLow++
			case i > 0 && d.toks[i-1].sent == t.sent && d.toks[i-1].kind == tWord && !d.titleCase(int(t.sent)):
				dw.nMid++
				dw.nCap++
			default:
				dw.nCap++
			}
		}
	}
	dw := &d.sc.words[w]
	return dw.nMid >= 1 && dw.nCap > 2*dw.nLow
}

// titleCase says whether a sentence is a headline in title case, where a
// capitalised word says nothing about names.
func (d *doc) titleCase(si int) bool {
	if d.title == nil {
		d.title = make([]int8, len(d.sents))
	}
	if d.title[si] == 0 {
		d.title[si] = 2
		words, caps := 0, 0
		s := d.sents[si]
		for i := s.t0; i < s.t1; i++ {
			if t := &d.toks[i]; t.kind == tWord && t.b1-t.b0 > 3 {
				words++
				if t.cap {
					caps++
				}
			}
		}
		if words >= 2 && caps*10 >= words*6 {
			d.title[si] = 1
		}
	}
	return d.title[si] == 1
}

// nationality says whether a capitalised word looks like a nationality
// adjective ("Moldovan", "Maltese", "Emirati") that the geo list lacks.
func nationality(low string) bool {
	for _, suf := range []string{"an", "ese", "ish", "ic", "i"} {
		if strings.HasSuffix(low, suf) && len(low) > len(suf)+3 {
			return true
		}
	}
	return false
}
