package extract

import (
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
	inMoney   []bool          // token is part of an amount
	lowSeen   map[string]bool // capitalised words also written in lower case; built on first use
	dates     []dateMention
	pubY      int
	pubM      int
	pubD      int
	venueSeen map[int]bool  // venues named by an unambiguous alias
	slots     []slotMemo    // victimSlot results by token, filled on demand
	near      []NearMiss    // why mentions did not become claims, for --explain
	title     []int8        // per sentence: 0 not yet known, 1 title case, 2 not
	elig      []eligibility // per amount, filled on demand
	sc        *scratch
}

// slotMemo remembers what the victim slot found at one token: every pattern
// that starts or ends with VICTIM asks the same question there.
type slotMemo struct {
	done  bool
	ok    bool
	next  int
	names []victimName
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

	d := &doc{in: in, sc: sc, ents: sc.ents[:0], money: sc.money[:0]}
	d.toks = sc.tokenize(in.Text)
	for i := range d.toks {
		t := &d.toks[i]
		t.lex, t.ent, t.money = -1, -1, -1
		if k, ok := x.lex[t.low]; ok { // "0x", "1inch" start names too
			t.lex, t.bits = k, x.lexEntries[k].bits
		}
	}
	d.sents = segment(d.toks, sc.sents)
	for si, s := range d.sents {
		for i := s.t0; i < s.t1; i++ {
			d.toks[i].sent = int32(si)
		}
	}
	d.pubY, d.pubM, d.pubD = parsePublished(in.Published)
	d.venueSeen = map[int]bool{}
	for _, s := range d.sents {
		for i := s.t0; i < s.t1; {
			if n := x.scanEntity(d, i, s.t1); n > 0 {
				i += n
				continue
			}
			i++
		}
	}
	for _, s := range d.sents {
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
		x.scanDates(d, s)
	}
	x.pairMoney(d)
	for _, m := range d.money {
		for j := m.t0; j < m.t1; j++ {
			d.toks[j].inMoney = true
		}
	}
	return d
}

// scanEntity records the longest gazetteer phrase at token i.
func (x *Extractor) scanEntity(d *doc, i, end int) int {
	if d.toks[i].kind == tPunct || !d.toks[i].is(pGazetteer) {
		return 0
	}
	best := 0
	var refs []int
	matchBucket(x.lexEntries[d.toks[i].lex].gaz, d.toks, i, end, func(ph *phrase) bool {
		if len(ph.toks) < best {
			return false
		}
		// a phrase must end on a word boundary: "Lazarus" not inside "Lazarus-like"
		best = len(ph.toks)
		refs = append(refs, ph.payload)
		return true
	})
	if best == 0 {
		return 0
	}
	m := mention{t0: i, t1: i + best, refs: refs}
	d.ents = append(d.ents, m)
	for j := i; j < i+best; j++ {
		d.toks[j].ent = int32(len(d.ents) - 1)
	}
	for _, r := range refs {
		if x.refs[r].kind == gVenue && !x.refs[r].amb {
			d.venueSeen[x.refs[r].idx] = true
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
	if t.kind == tNum && len(t.text) == 4 { // "the 2019 Upbit hack"
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
	if t.kind != tWord || !(t.cap || hasUpperRune(t.text)) || t.ent >= 0 || t.inMoney || len(t.text) < 2 {
		return false
	}
	const never = 1<<lNotNames | 1<<lGeo | 1<<lVenueDescriptors | 1<<lVenueNouns | 1<<lHackerNouns |
		1<<lTheftVerbs | 1<<lTheftNouns | 1<<lVictimVerbs | 1<<lVictimLossVerbs | 1<<lAttributionVerbs |
		1<<lHedges | 1<<lConfirmers | 1<<pScale
	if t.bits&never != 0 || (t.is(pCoin) && !t.upper) {
		return false
	}
	if t.upper && runeCount(t.text) <= 2 {
		return false // "OP", "X": tickers and platforms
	}
	if !t.upper && !hasUpperRune(t.text[1:]) && headlineWord(t.low) {
		return false // "Escalating", "Reportedly": headline words
	}
	if j > 0 && d.toks[j-1].is(lPersonTitles) {
		return false // "Co-founder Ravi Menon"
	}
	// a word the article also writes in lower case is a common word in a
	// headline ("Further Exploits"), not a name
	return !d.lowerToo(t.low)
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
		if r.amb && !d.venueSeen[r.idx] && !toks[j].cap {
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
			if t.kind == tWord && (t.cap || hasUpperRune(t.text)) && !functionWord(t.low) && !x.isCue(t) &&
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
		m.names, m.next, m.ok = x.victimSlotAt(d, i, end)
		m.done = true
	}
	return m.names, m.next, m.ok // shared: callers copy before appending
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
	names := []victimName{first}
	k := first.slotEnd
	for len(names) < 8 && k < end {
		c := k
		comma := false
		if d.toks[c].low == "," {
			c++
			comma = true
		}
		if c < end && (d.toks[c].low == "and" || d.toks[c].low == "or") {
			c++
		} else if !comma {
			break
		}
		nm, ok := x.nameAt(d, skip(c), end)
		if !ok {
			break
		}
		names = append(names, nm)
		k = nm.slotEnd
	}
	return names, k, true
}

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
	w := d.toks[j].low
	for i := 1; i < len(d.toks); i++ {
		t := &d.toks[i]
		if t.low != w || i == j {
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
			p.is(lVenueNouns) || x.isCue(p) || p.is(lHackerNouns) || d.lowerToo(p.low) {
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
	if t.kind != tWord || !(t.cap || hasUpperRune(t.text)) || t.ent >= 0 || t.inMoney || len(t.text) < 2 {
		return false
	}
	return !(t.is(lNotNames) || t.is(lGeo) || t.is(lVenueDescriptors) ||
		t.is(lVenueNouns) || x.isCue(t) || t.is(lHackerNouns) || functionWord(t.low) ||
		isMonth(t.low) || d.lowerToo(t.low))
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

// lowerToo says whether the article also writes this word in lower case,
// which makes a capitalised use of it a headline word, not a name.
func (d *doc) lowerToo(low string) bool {
	if d.lowSeen == nil {
		if d.sc.lowSeen == nil {
			d.sc.lowSeen = map[string]bool{}
		}
		clear(d.sc.lowSeen)
		d.lowSeen = d.sc.lowSeen
		// a small filter of the capitalised words spares most lower-case
		// words ("the", "and") a map lookup
		var capWords [16]uint64
		for i := range d.toks {
			t := &d.toks[i]
			if t.kind == tWord && t.cap {
				d.lowSeen[t.low] = false
				h := wordHash(t.low)
				capWords[h>>6] |= 1 << (h & 63)
			}
		}
		for i := range d.toks {
			t := &d.toks[i]
			if t.kind == tWord && !t.cap && t.low == t.text {
				if h := wordHash(t.low); capWords[h>>6]&(1<<(h&63)) == 0 {
					continue
				}
				if seen, ok := d.lowSeen[t.low]; ok && !seen {
					d.lowSeen[t.low] = true
				}
			}
		}
	}
	return d.lowSeen[low]
}

// wordHash is a cheap 10-bit hash of a word (never empty) for lowerToo's filter.
func wordHash(w string) uint {
	return (uint(len(w))*131 + uint(w[0])*31 + uint(w[len(w)-1])*7 + uint(w[len(w)/2])) & 1023
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
			if t := &d.toks[i]; t.kind == tWord && len(t.text) > 3 {
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
