package extract

import (
	"embed"
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

//go:embed data/rules.yaml data/actors.json data/actor-families.json data/attributors.json data/venues.json
var dataFS embed.FS

// ruleFile is the shape of data/rules.yaml and of an extra rules file.
type ruleFile struct {
	Lists          map[string][]string `yaml:"lists"`
	Qualifiers     map[string][]string `yaml:"qualifiers"`
	Scales         map[string][]string `yaml:"scales"`
	Currencies     map[string][]string `yaml:"currencies"`
	OtherDollars   map[string][]string `yaml:"other_dollars"`
	Coins          map[string][]string `yaml:"coins"`
	Techniques     []techniqueRule     `yaml:"techniques"`
	VictimPatterns []patternRule       `yaml:"victim_patterns"`
	// Gazetteer additions, only in an extra rules file.
	Venues      []entity `yaml:"venues"`
	Actors      []entity `yaml:"actors"`
	Attributors []entity `yaml:"attributors"`
}

type techniqueRule struct {
	Name  string   `yaml:"name"`
	Words []string `yaml:"words"`
}

type patternRule struct {
	ID       string `yaml:"id"`
	Pattern  string `yaml:"pattern"`
	Strength string `yaml:"strength"`
	// Shadows: the names inside the match after its victim are no victims
	// (the pattern reads them as an apposition: "X, the largest exchange on
	// the Y chain, was exploited").
	Shadows bool `yaml:"shadows"`
}

// entity is one gazetteer entry (venue, actor or attributor).
type entity struct {
	Name      string   `json:"name" yaml:"name"`
	Aliases   []string `json:"aliases" yaml:"aliases"`
	Ambiguous []string `json:"ambiguous_aliases" yaml:"ambiguous_aliases"`
	Kind      string   `json:"kind" yaml:"kind"`
	Family    string   `json:"family" yaml:"family"`
	Country   string   `json:"country" yaml:"country"`
}

// family is one entry of actor-families.json.
type family struct {
	Code      string              `json:"code"`
	Names     []string            `json:"names"`
	Adjs      []string            `json:"adjectives"`
	Demonyms  []string            `json:"demonyms"`
	Compounds []string            `json:"compounds"`
	Ambiguous []string            `json:"ambiguous"`
	Other     map[string][]string `json:"other_languages"`
}

func readEmbedded(name string, v any) error {
	b, err := dataFS.ReadFile("data/" + name)
	if err != nil {
		return fmt.Errorf("read embedded %s: %w", name, err)
	}
	if strings.HasSuffix(name, ".json") {
		err = json.Unmarshal(b, v)
	} else {
		err = yaml.Unmarshal(b, v)
	}
	if err != nil {
		return fmt.Errorf("parse embedded %s: %w", name, err)
	}
	return nil
}

// loadRules reads the embedded rules and merges an optional extra file.
func loadRules(extra string) (*ruleFile, []entity, []entity, []entity, []family, error) {
	var rf ruleFile
	if err := readEmbedded("rules.yaml", &rf); err != nil {
		return nil, nil, nil, nil, nil, err
	}
	var venues, actors, attributors []entity
	var fams []family
	for _, f := range []struct {
		name string
		v    any
	}{{"venues.json", &venues}, {"actors.json", &actors}, {"attributors.json", &attributors}, {"actor-families.json", &fams}} {
		if err := readEmbedded(f.name, f.v); err != nil {
			return nil, nil, nil, nil, nil, err
		}
	}
	if extra != "" {
		b, err := os.ReadFile(extra)
		if err != nil {
			return nil, nil, nil, nil, nil, fmt.Errorf("read rules file %s: %w", extra, err)
		}
		var x ruleFile
		dec := yaml.NewDecoder(strings.NewReader(string(b)))
		dec.KnownFields(true)
		if err := dec.Decode(&x); err != nil && err.Error() != "EOF" {
			return nil, nil, nil, nil, nil, fmt.Errorf("parse rules file %s: %w", extra, err)
		}
		mergeLists := func(dst *map[string][]string, src map[string][]string) {
			if *dst == nil {
				*dst = map[string][]string{}
			}
			for k, v := range src {
				(*dst)[k] = append((*dst)[k], v...)
			}
		}
		mergeLists(&rf.Lists, x.Lists)
		mergeLists(&rf.Qualifiers, x.Qualifiers)
		mergeLists(&rf.Scales, x.Scales)
		mergeLists(&rf.Currencies, x.Currencies)
		mergeLists(&rf.OtherDollars, x.OtherDollars)
		mergeLists(&rf.Coins, x.Coins)
		rf.Techniques = append(x.Techniques, rf.Techniques...)
		rf.VictimPatterns = append(rf.VictimPatterns, x.VictimPatterns...)
		for i, e := range x.Venues {
			if e.Name == "" {
				return nil, nil, nil, nil, nil, fmt.Errorf("rules file %s: venue %d has no name", extra, i+1)
			}
		}
		for i, e := range x.Actors {
			if e.Name == "" {
				return nil, nil, nil, nil, nil, fmt.Errorf("rules file %s: actor %d has no name", extra, i+1)
			}
		}
		venues = append(venues, x.Venues...)
		actors = append(actors, x.Actors...)
		attributors = append(attributors, x.Attributors...)
	}
	return &rf, venues, actors, attributors, fams, nil
}

// lows tokenizes a phrase into its normalised token strings.
func lows(s string) []string {
	toks := tokenize(s)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.low
	}
	return out
}

// wordSet is a set of single normalised tokens.
type wordSet map[string]bool

func newWordSet(words []string) wordSet {
	s := wordSet{}
	for _, w := range words {
		ls := lows(w)
		if len(ls) == 1 {
			s[ls[0]] = true
		} else if len(ls) > 1 {
			s[strings.Join(ls, " ")] = true
		}
	}
	return s
}

// phrase is a token sequence with a payload index.
type phrase struct {
	toks    []string
	ids     []int32 // the lexicon ids of toks (phraseSet.index)
	payload int
	needCap bool // the alias has upper case: the text's first token must too
}

// phraseSet finds phrases by their first token.
type phraseSet struct {
	byFirst map[string][]phrase
	byID    map[int32]*phraseBucket // the same buckets by the first word's lexicon id
}

// phraseBucket is the phrases of one first word, with a filter on the word
// after it: "the" starts thirty anaphora, and most "the"s start none.
type phraseBucket struct {
	ph     []phrase  // longest first: the multi-word phrases, then the one-word ones
	multi  int       // how many phrases have two words or more
	second [4]uint64 // their second words' lexicon ids, one bit each (mod 256)
	// for a bucket of many (North Korea, North Korean, North Korea's ...):
	// by second word, the multi-word phrases with it, then the one-word ones
	bySecond map[int32][]phrase
}

// manyPhrases is the bucket size from which at picks by second word.
const manyPhrases = 8

// at returns the phrases of b that can match at token i (before end): all
// of them, or only the one-word ones when the next token is no phrase's
// second word. The order is the bucket's, so callers see the same matches.
func (b *phraseBucket) at(toks []token, i, end int) []phrase {
	if b == nil {
		return nil
	}
	if b.multi > 0 && i+1 < end {
		if id := toks[i+1].lex; id >= 0 && b.second[(id>>6)&3]&(1<<(id&63)) != 0 {
			if b.bySecond != nil {
				if sub, ok := b.bySecond[id]; ok {
					return sub
				}
				return b.ph[b.multi:]
			}
			return b.ph
		}
	}
	return b.ph[b.multi:]
}

// index gives the phrases' words their lexicon ids (every phrase word has
// one) and keys the buckets by id, so matching compares ints, not strings.
func (p *phraseSet) index(lex map[string]int32) {
	p.byID = make(map[int32]*phraseBucket, len(p.byFirst))
	for w, b := range p.byFirst {
		for k := range b {
			ids := make([]int32, len(b[k].toks))
			for j, t := range b[k].toks {
				ids[j] = lex[t]
			}
			b[k].ids = ids
		}
		pb := &phraseBucket{ph: b}
		for k := range b {
			if len(b[k].ids) < 2 {
				break
			}
			pb.multi++
			id := b[k].ids[1]
			pb.second[(id>>6)&3] |= 1 << (id & 63)
		}
		for k := pb.multi; k < len(b); k++ {
			if len(b[k].ids) >= 2 { // not longest first (finish runs before index): no filter
				pb.multi = 0
			}
		}
		if pb.multi >= manyPhrases {
			// each second word's phrases in bucket order, then the one-word
			// ones: the phrases that can match, in the order they are tried
			pb.bySecond = map[int32][]phrase{}
			for k := 0; k < pb.multi; k++ {
				id := b[k].ids[1]
				pb.bySecond[id] = append(pb.bySecond[id], b[k])
			}
			for id, sub := range pb.bySecond {
				pb.bySecond[id] = append(sub, b[pb.multi:]...)
			}
		}
		p.byID[lex[w]] = pb
	}
}

func newPhraseSet() *phraseSet { return &phraseSet{byFirst: map[string][]phrase{}} }

func (p *phraseSet) add(s string, payload int, caseAware bool) {
	ls := lows(s)
	if len(ls) == 0 {
		return
	}
	needCap := false
	if caseAware {
		for _, r := range s {
			if r >= 'A' && r <= 'Z' {
				needCap = true
				break
			}
		}
	}
	for _, q := range p.byFirst[ls[0]] {
		if q.payload == payload && strings.Join(q.toks, " ") == strings.Join(ls, " ") {
			return
		}
	}
	p.byFirst[ls[0]] = append(p.byFirst[ls[0]], phrase{toks: ls, payload: payload, needCap: needCap})
}

// finish sorts each bucket longest first so the first match is the longest.
func (p *phraseSet) finish() {
	for k := range p.byFirst {
		b := p.byFirst[k]
		sort.SliceStable(b, func(i, j int) bool { return len(b[i].toks) > len(b[j].toks) })
	}
}

// matchAt returns every phrase that starts at token i and ends before end,
// longest first, without crossing a line break. The tokens need their
// lexicon ids.
func (p *phraseSet) matchAt(toks []token, i, end int, fn func(ph *phrase) bool) {
	if i < 0 || i >= end || i >= len(toks) || toks[i].lex < 0 {
		return
	}
	matchBucket(p.byID[toks[i].lex].at(toks, i, end), toks, i, end, fn)
}

// matchBucket tries the phrases of one first word at token i, longest first.
func matchBucket(b []phrase, toks []token, i, end int, fn func(ph *phrase) bool) {
	for k := range b {
		ph := &b[k]
		if i+len(ph.toks) > end {
			continue
		}
		ok := true
		for j := 1; j < len(ph.toks); j++ {
			t := &toks[i+j]
			if t.lex != ph.ids[j] || t.nl > 0 || (t.space && t.kind == tPunct && t.low != "(" && t.low != "\"") {
				ok = false // "A$" is Australian dollars, "a $5" is not
				break
			}
		}
		if !ok {
			continue
		}
		if ph.needCap && !(toks[i].cap || toks[i].kind == tNum || toks[i].kind == tPunct || toks[i].hasUp) {
			continue
		}
		if !fn(ph) {
			return
		}
	}
}

// longestAt returns the longest phrase starting at i, or nil.
func (p *phraseSet) longestAt(toks []token, i, end int) *phrase {
	var got *phrase
	p.matchAt(toks, i, end, func(ph *phrase) bool { got = ph; return false })
	return got
}

// endingAt returns the longest phrase that ends just before token i.
func (p *phraseSet) endingAt(toks []token, i, start int, maxLen int) *phrase {
	for n := maxLen; n >= 1; n-- {
		s := i - n
		if s < start {
			continue
		}
		var got *phrase
		p.matchAt(toks, s, i, func(ph *phrase) bool {
			if len(ph.toks) == n {
				got = ph
				return false
			}
			return true
		})
		if got != nil {
			return got
		}
	}
	return nil
}

func hasUpperRune(s string) bool {
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			return true
		}
	}
	return false
}

func atoiKey(s string) (float64, error) { return strconv.ParseFloat(s, 64) }
