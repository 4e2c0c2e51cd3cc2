// Package extract turns article text into theft claims with rules, not a
// model: every claim says which words it came from and which rules fired.
//
// The word lists, patterns and gazetteers live in data/ (embedded), so an
// analyst can read them and a rules file can extend them without touching Go.
// Extraction works on tokens of the original text (normalisation lives in each
// token's lower-case form), so evidence offsets always point into the input.
package extract

import (
	"fmt"
	"math/bits"
	"sort"
	"strings"
	"sync"

	"github.com/heistwatch/heistwatch"
)

// Input is one article to extract from.
type Input struct {
	Text  string
	Title string
	URL   string
	// Published is "YYYY-MM-DD", "YYYY-MM" or ""; relative dates resolve against it.
	Published string
}

// Result holds the claims found in one article.
type Result struct {
	Incidents  []heistwatch.Claim // Kind == heistwatch.KindIncident
	Aggregates []heistwatch.Claim // Kind == heistwatch.KindAggregate, Period set
	// NearMisses say why a money, victim or actor mention did not become a claim.
	NearMisses []NearMiss
}

// NearMiss is a mention that looked like part of a claim but was turned down,
// kept for --explain so an analyst can see why.
type NearMiss struct {
	What     string              `json:"what"` // "money", "victim" or "actor"
	Text     string              `json:"text"` // the words
	Reason   string              `json:"reason"`
	Rule     string              `json:"rule,omitempty"`
	Evidence heistwatch.Evidence `json:"evidence"`
}

// lexEntry is what the rules know about one word: the lists it is on and
// the gazetteer phrases it starts.
type lexEntry struct {
	bits uint64
	gaz  *phraseBucket // the gazetteer phrases this word starts
	pats []uint64      // victim patterns whose first element is this word, one bit per pattern; nil for none
	// the techniques (by index, bit 63 for all past 62) with a phrase starting with this word
	techs uint64
}

// gazKind says what a gazetteer phrase names.
type gazKind uint8

const (
	gVenue gazKind = iota
	gActor
	gAttributor
	gFamName     // "North Korea", "Pyongyang"
	gFamAdj      // "North Korean", "North Korea's"
	gFamCompound // "North Korea-linked"
)

type gazRef struct {
	kind gazKind
	idx  int    // into venues, actors or attributors
	fam  string // family code for family words and actors
	amb  bool   // an ambiguous alias: needs supporting context
}

type techSet struct {
	name string
	ps   *phraseSet
}

// Extractor holds the compiled rules. It is safe for concurrent use: Extract
// keeps all its working state on the stack of the call.
type Extractor struct {
	bits       map[string]uint64 // word -> the lists it is on, one bit per listID
	phrases    map[string]uint64 // multi-word list entries ("made off") -> their lists
	actorAna   *phraseSet
	victimAna  *phraseSet
	qualifiers *phraseSet
	qualNames  []string
	scales     map[string]float64
	english    wordSet // English scale words; others mark a foreign number format
	currencies *phraseSet
	curCodes   []string
	otherUSD   *phraseSet
	otherCodes []string
	coins      map[string]string
	techniques []techSet
	patterns   []pattern
	gaz        *phraseSet
	refs       []gazRef
	venues     []entity
	actors     []entity
	attrs      []entity
	venueKey   []string         // folded canonical name per venue
	pool       sync.Pool        // *scratch buffers reused between Extract calls
	lex        map[string]int32 // word -> index in lexEntries: one lookup per token
	lexEntries []lexEntry
	lexTab     *lexTable      // the words of lex, for the per-token lookup
	firstLists uint64         // lists a victim pattern can start with
	firstWords wordSet        // words a victim pattern can start with
	actorIndex map[string]int // folded actor name or alias -> index in actors
	// which victim patterns a token can start, one bit per pattern: those
	// starting with any token, with the victim slot, and with a word list
	startAny    []uint64
	startVictim []uint64
	// of startVictim, those whose VICTIM is optional: the only ones that can
	// match where the victim slot itself fails
	startVictimOpt []uint64
	startList      [64][]uint64
	startLists     uint64 // lists some pattern starts with
}

// New loads the embedded rules and gazetteers, plus an optional extra rules
// file (path "" = none) that extends them without touching Go.
func New(rulesFile string) (*Extractor, error) {
	rf, venues, actors, attrs, fams, err := loadRules(rulesFile)
	if err != nil {
		return nil, err
	}
	x := &Extractor{bits: map[string]uint64{}, phrases: map[string]uint64{}, venues: venues, actors: actors, attrs: attrs}
	ids := map[string]listID{}
	for i, n := range listNameTable() {
		ids[n] = listID(i)
	}
	for _, name := range sortedKeys(rf.Lists) {
		id, ok := ids[name]
		if !ok {
			return nil, fmt.Errorf("rules: unknown list %q", name)
		}
		for _, w := range rf.Lists[name] {
			ls := lows(w)
			switch {
			case len(ls) == 1:
				x.bits[ls[0]] |= 1 << id
			case len(ls) > 1:
				x.phrases[strings.Join(ls, " ")] |= 1 << id
			}
		}
	}
	x.actorAna = newPhraseSet()
	for _, w := range rf.Lists["actor_anaphora"] {
		x.actorAna.add(w, 0, false)
	}
	x.victimAna = newPhraseSet()
	for _, w := range rf.Lists["victim_anaphora"] {
		x.victimAna.add(w, 0, false)
	}
	x.qualifiers = newPhraseSet()
	for _, q := range sortedKeys(rf.Qualifiers) {
		x.qualNames = append(x.qualNames, q)
		for _, w := range rf.Qualifiers[q] {
			x.qualifiers.add(w, len(x.qualNames)-1, false)
		}
	}
	x.scales = map[string]float64{}
	x.english = newWordSet([]string{"thousand", "thousands", "k", "million", "millions", "m", "mn", "mln",
		"mil", "mil.", "billion", "billions", "b", "bn", "bln", "bil", "trillion", "trillions", "tn", "tr",
		"trn", "crore", "crores", "cr", "lakh", "lakhs", "lac"})
	for k, words := range rf.Scales {
		v, err := atoiKey(k)
		if err != nil || v <= 0 {
			return nil, fmt.Errorf("rules: scale %q is not a number", k)
		}
		for _, w := range words {
			ls := lows(w)
			if len(ls) > 0 {
				x.scales[ls[0]] = v
			}
		}
	}
	x.currencies = newPhraseSet()
	for _, c := range sortedKeys(rf.Currencies) {
		x.curCodes = append(x.curCodes, c)
		for _, w := range rf.Currencies[c] {
			x.currencies.add(w, len(x.curCodes)-1, false)
		}
	}
	x.currencies.finish()
	x.otherUSD = newPhraseSet()
	for _, c := range sortedKeys(rf.OtherDollars) {
		x.otherCodes = append(x.otherCodes, c)
		for _, w := range rf.OtherDollars[c] {
			x.otherUSD.add(w, len(x.otherCodes)-1, false)
		}
	}
	x.otherUSD.finish()
	x.coins = map[string]string{}
	for code, words := range rf.Coins {
		for _, w := range words {
			for _, l := range lows(w) {
				x.coins[l] = code
			}
		}
	}
	for _, t := range rf.Techniques {
		ps := newPhraseSet()
		for _, w := range t.Words {
			ps.add(w, 0, false)
		}
		ps.finish()
		x.techniques = append(x.techniques, techSet{name: t.Name, ps: ps})
	}
	for _, p := range rf.VictimPatterns {
		cp, err := compilePattern(p, ids)
		if err != nil {
			return nil, fmt.Errorf("rules: %w", err)
		}
		x.patterns = append(x.patterns, cp)
	}
	x.firstWords = wordSet{}
	for _, p := range x.patterns {
		switch e := p.elems[0]; {
		case e.opt || (e.kind != eList && e.kind != eWords && e.kind != eVictim):
			x.firstLists = ^uint64(0) // a pattern may start anywhere: no prefilter
		case e.kind == eList:
			x.firstLists |= 1 << e.list
		case e.kind == eWords:
			for w := range e.words {
				x.firstWords[w] = true
			}
		}
	}
	x.buildGazetteer(fams)
	x.indexActors()
	for _, ps := range []struct {
		set *phraseSet
		bit listID
	}{{x.actorAna, pActorAna}, {x.victimAna, pVictimAna}, {x.currencies, pCurrency}, {x.gaz, pGazetteer},
		{x.qualifiers, pQualifier}, {x.otherUSD, pOtherUSD}} {
		for first := range ps.set.byFirst {
			x.bits[first] |= 1 << ps.bit
		}
	}
	for _, t := range x.techniques {
		for first := range t.ps.byFirst {
			x.bits[first] |= 1 << pTechnique
		}
	}
	for w := range x.scales {
		x.bits[w] |= 1 << pScale
	}
	for _, w := range []string{"last", "this", "previous", "yesterday", "today", "ago"} {
		x.bits[w] |= 1 << pDate
	}
	for _, w := range []string{"worth", "valued"} {
		x.bits[w] |= 1 << pWorth
	}
	for w := range x.coins {
		x.bits[w] |= 1 << pCoin
	}
	for w := range x.firstWords {
		x.bits[w] |= 1 << pStart
	}
	for p, lists := range x.phrases {
		if lists&(1<<lTheftPhrases) != 0 {
			x.bits[strings.Fields(p)[0]] |= 1 << pPhrase
		}
	}
	x.actorAna.finish()
	x.victimAna.finish()
	x.qualifiers.finish()
	// every pattern word gets a lexicon entry, so patterns compare word ids
	for _, p := range x.patterns {
		for _, e := range p.elems {
			for w := range e.words {
				x.bits[w] |= 0
			}
		}
	}
	// and every phrase word, so phrases compare word ids too
	sets := x.phraseSets()
	for _, ps := range sets {
		for _, b := range ps.byFirst {
			for _, ph := range b {
				for _, w := range ph.toks {
					x.bits[w] |= 0
				}
			}
		}
	}
	x.lex = map[string]int32{}
	var lexWords []string
	var lexBits []uint64
	for w, b := range x.bits {
		x.lex[w] = int32(len(x.lexEntries))
		x.lexEntries = append(x.lexEntries, lexEntry{bits: b})
		lexWords, lexBits = append(lexWords, w), append(lexBits, b)
	}
	x.lexTab = newLexTable(lexWords, lexBits)
	for _, ps := range sets {
		ps.index(x.lex)
	}
	for id, b := range x.gaz.byID {
		x.lexEntries[id].gaz = b
	}
	for ti, t := range x.techniques {
		for first := range t.ps.byFirst {
			x.lexEntries[x.lex[first]].techs |= techBit(ti)
		}
	}
	x.indexPatterns()
	return x, nil
}

// techBit is technique ti's bit in lexEntry.techs.
func techBit(ti int) uint64 { return 1 << min(ti, 63) }

// phraseSets lists every phrase set, for giving their words lexicon ids.
func (x *Extractor) phraseSets() []*phraseSet {
	sets := []*phraseSet{x.actorAna, x.victimAna, x.qualifiers, x.currencies, x.otherUSD, x.gaz}
	for _, t := range x.techniques {
		sets = append(sets, t.ps)
	}
	return sets
}

// indexPatterns gives pattern words their lexicon ids and records which
// patterns each word, list or victim slot can start, so findVictims tries
// only the patterns whose first element the token matches.
func (x *Extractor) indexPatterns() {
	n := (len(x.patterns) + 63) / 64
	set := func(m []uint64, pi int) []uint64 {
		if m == nil {
			m = make([]uint64, n)
		}
		m[pi/64] |= 1 << (pi % 64)
		return m
	}
	x.startAny, x.startVictim, x.startVictimOpt = make([]uint64, n), make([]uint64, n), make([]uint64, n)
	for pi := range x.patterns {
		p := &x.patterns[pi]
		for k := range p.elems {
			e := &p.elems[k]
			for w := range e.words {
				e.ids = append(e.ids, x.lex[w])
			}
		}
		p.compileRest()
		switch first := &p.elems[0]; first.kind {
		case eWords:
			for _, id := range first.ids {
				x.lexEntries[id].pats = set(x.lexEntries[id].pats, pi)
			}
		case eList:
			x.startList[first.list] = set(x.startList[first.list], pi)
			x.startLists |= 1 << first.list
		case eVictim:
			set(x.startVictim, pi)
			if first.opt {
				set(x.startVictimOpt, pi)
			}
		default:
			set(x.startAny, pi)
		}
	}
}

// patternsAt fills buf with the patterns whose first element token t
// matches; canStart says whether a victim slot may start there, slotFails
// that the slot was read there and found nothing.
func (x *Extractor) patternsAt(t *token, canStart, slotFails bool, buf []uint64) {
	copy(buf, x.startAny)
	or := func(m []uint64) {
		for w := range buf {
			buf[w] |= m[w]
		}
	}
	if canStart && slotFails {
		or(x.startVictimOpt)
	} else if canStart {
		or(x.startVictim)
	}
	if t.lex >= 0 && x.lexEntries[t.lex].pats != nil {
		or(x.lexEntries[t.lex].pats)
	}
	for b := t.bits & x.startLists; b != 0; b &= b - 1 {
		or(x.startList[bits.TrailingZeros64(b)])
	}
}

func sortedKeys(m map[string][]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (x *Extractor) buildGazetteer(fams []family) {
	x.gaz = newPhraseSet()
	add := func(s string, r gazRef) {
		// "the Lazarus Group" is matched as "Lazarus Group": "the" starts too
		// many sentences to be a phrase start worth trying
		if len(s) > 4 && strings.EqualFold(s[:4], "the ") {
			s = s[4:]
		}
		x.refs = append(x.refs, r)
		x.gaz.add(s, len(x.refs)-1, true)
	}
	for i, v := range x.venues {
		amb := map[string]bool{}
		for _, a := range v.Ambiguous {
			amb[strings.ToLower(a)] = true
			add(a, gazRef{kind: gVenue, idx: i, amb: true})
		}
		for _, a := range append([]string{v.Name}, v.Aliases...) {
			if !amb[strings.ToLower(a)] {
				add(a, gazRef{kind: gVenue, idx: i})
			}
		}
		x.venueKey = append(x.venueKey, foldName(v.Name))
	}
	for i, a := range x.actors {
		fam := a.Family
		if fam == "CRIME" {
			fam = ""
		}
		amb := map[string]bool{}
		for _, s := range a.Ambiguous {
			amb[strings.ToLower(s)] = true
			add(s, gazRef{kind: gActor, idx: i, fam: fam, amb: true})
		}
		for _, s := range append([]string{a.Name}, a.Aliases...) {
			if !amb[strings.ToLower(s)] {
				add(s, gazRef{kind: gActor, idx: i, fam: fam})
			}
		}
	}
	for i, a := range x.attrs {
		for _, s := range append([]string{a.Name}, a.Aliases...) {
			add(s, gazRef{kind: gAttributor, idx: i})
		}
		for _, s := range a.Ambiguous {
			add(s, gazRef{kind: gAttributor, idx: i, amb: true})
		}
	}
	for _, f := range fams {
		if f.Code == "CRIME" {
			continue
		}
		amb := map[string]bool{}
		for _, s := range f.Ambiguous {
			amb[strings.ToLower(s)] = true
		}
		for _, group := range []struct {
			words []string
			kind  gazKind
		}{{f.Compounds, gFamCompound}, {f.Names, gFamName}, {f.Adjs, gFamAdj}, {f.Demonyms, gFamAdj}} {
			for _, s := range group.words {
				if !amb[strings.ToLower(s)] {
					add(s, gazRef{kind: group.kind, fam: f.Code})
				}
			}
		}
		for _, words := range f.Other {
			for _, s := range words {
				add(s, gazRef{kind: gFamName, fam: f.Code})
			}
		}
	}
	x.gaz.finish()
}

// genericWord says whether a word is dropped when folding a victim name into
// a key; the list matches the scorer's, so keys agree with how analysts
// compare names.
func genericWord(low string) bool {
	switch low {
	case "the", "exchange", "exchanges", "bridge", "network", "protocol", "finance", "wallet", "wallets", "crypto", "cryptocurrency", "platform", "inc", "ltd", "co", "labs", "lab", "dao", "defi", "company", "firm", "hot", "based", "chain", "blockchain", "cross", "s", "corp", "corporation", "limited":
		return true
	}
	return false
}

// foldName lowercases a name and drops punctuation and generic words.
func foldName(name string) string {
	var words []string
	var all []string
	for _, t := range tokenize(name) {
		if t.kind == tPunct {
			continue
		}
		l := strings.TrimSuffix(t.low, "'s")
		all = append(all, l)
		if !genericWord(l) {
			words = append(words, l)
		}
	}
	if len(words) == 0 {
		words = all
	}
	return strings.Join(words, " ")
}

// VictimKey folds a victim name for comparison: the venue gazetteer's
// canonical name when the name is a known alias, otherwise the name lower
// cased with punctuation and generic words (exchange, bridge, ...) removed.
func (x *Extractor) VictimKey(name string) string {
	toks := tokenize(name)
	for k := range toks { // phrases compare lexicon ids
		h, v := x.lexTab.key(toks[k].low)
		toks[k].lex, _ = x.lexTab.find(toks[k].low, h, v)
	}
	if len(toks) > 0 {
		var best *phrase
		x.gaz.matchAt(toks, 0, len(toks), func(ph *phrase) bool {
			if len(ph.toks) == len(toks) && x.refs[ph.payload].kind == gVenue {
				best = ph
				return false
			}
			return true
		})
		if best != nil {
			return x.venueKey[x.refs[best.payload].idx]
		}
	}
	return foldName(name)
}

// Extract finds the claims in one article. It never panics; the same input
// gives the same output.
func (x *Extractor) Extract(in Input) (res Result) {
	defer func() {
		if r := recover(); r != nil {
			res = Result{NearMisses: []NearMiss{{What: "article", Reason: fmt.Sprintf("internal error: %v", r)}}}
		}
	}()
	d := x.analyse(in)
	res = x.claims(d)
	x.release(d)
	x.useTitle(in, &res)
	return res
}

// useTitle reads a headline that the text does not repeat: it may give the
// amount or the attribution of an incident the text names. It adds no claim
// of its own, since evidence must point into the text.
func (x *Extractor) useTitle(in Input, res *Result) {
	title := strings.TrimSpace(in.Title)
	if title == "" || len(res.Incidents) == 0 || strings.Contains(in.Text[:min(len(in.Text), len(title)+400)], title) {
		return
	}
	td := x.analyse(Input{Text: title, Published: in.Published})
	tr := x.claims(td)
	x.release(td)
	for _, tc := range tr.Incidents {
		for i := range res.Incidents {
			c := &res.Incidents[i]
			if c.VictimKey != tc.VictimKey {
				continue
			}
			if c.AmountUSD == nil && tc.AmountUSD != nil {
				c.AmountUSD, c.AmountQualifier, c.AmountUSDMax = tc.AmountUSD, tc.AmountQualifier, tc.AmountUSDMax
				c.Rules = append(c.Rules, "title.amount")
			}
			if c.ActorFamily == "" && c.Actor == "" && tc.Actor != "" {
				c.Actor, c.ActorFamily, c.Attribution = tc.Actor, tc.ActorFamily, tc.Attribution
				c.Rules = append(c.Rules, "title.actor")
			}
			sort.Strings(c.Rules)
		}
	}
}

// release returns a document's buffers for the next extraction. Nothing in a
// Result points into them: evidence and names are substrings of the input.
func (x *Extractor) release(d *doc) {
	if d.sc == nil || cap(d.sc.toks) > 1<<20 {
		return // keep no giant buffers around
	}
	// Only this document's mentions and amounts are cleared. The tokens and
	// sentence notes are not: tokenize sets every field of every token it
	// hands out and claims every note (keeping the room of its lists), and
	// clearing their strings (with write barriers) cost more than keeping the
	// last text alive while the buffers wait in the pool.
	clear(d.ents)
	clear(d.money)
	d.sc.sents, d.sc.ents, d.sc.money = d.sents[:0], d.ents[:0], d.money[:0]
	d.sc.venueSeen = d.venueSeen[:0]
	clear(d.dates) // their rules are strings
	d.sc.dates = d.dates[:0]
	x.pool.Put(d.sc)
}
