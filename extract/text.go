package extract

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// tokKind tells words, numbers and punctuation apart.
type tokKind uint8

const (
	tWord tokKind = iota
	tNum
	tPunct
)

// token is one word, number or punctuation mark of the original text. The
// text is never rewritten: normalisation (curly quotes, dashes, non-breaking
// spaces, case) lives in low, so offsets always point into the original.
type token struct {
	// as written: the input's bytes [b0, b1); not kept here, so a token
	// holds one pointer, not two
	low    string // normalised: lower case, ’ → ', – — → -, “ ” → "
	kind   tokKind
	b0, b1 int32 // byte offsets in the original text (code-point offsets: scratch.runeSpan)
	space  bool
	nl     uint8  // newlines between this token and the previous one (at most 255)
	cap    bool   // starts with an upper-case letter
	upper  bool   // every letter is upper case (and there are at least two)
	bits   uint64 // the word lists (and phrase starts) this word is on
	// filled by analyse: the sentence, the gazetteer mention covering the
	// token and the amount starting at it (-1 when none)
	sent, ent, money int32
	lex              int32 // index in Extractor.lexEntries, -1 for a word no rule knows
	inMoney          bool
	hasUp            bool  // hasUpperRune(text): an ASCII capital anywhere ("eBay")
	nameStart        int8  // isNameStart's answer: 0 not asked yet, 1 yes, 2 no
	word             int32 // index in scratch.words: tokens with the same low share it (set by intern)
}

// is says whether the token's word is on list l.
func (t *token) is(l listID) bool { return t.bits&(1<<l) != 0 }

// normRune maps typographic variants to their plain forms.
func normRune(r rune) rune {
	switch r {
	case '\u2018', '\u2019', '\u201B', '\u2032', '`', '\u00B4':
		return '\''
	case '\u201C', '\u201D', '\u201E', '\u201F', '\u00AB', '\u00BB', '\u2033':
		return '"'
	case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE63', '\uFF0D':
		return '-'
	case '\u2026':
		return '.'
	}
	return r
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u200B' || r == '\uFEFF' || r == '\u2060'
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// tokenize splits text into tokens. It never fails; invalid UTF-8 bytes
// become single punctuation tokens. The normalised forms of all tokens share
// one buffer, so a document costs a few allocations, not one per word.
func tokenize(text string) []token {
	var sc scratch
	return sc.tokenize(text)
}

// tokenize splits text into tokens (see tokenize) without document words.
func (sc *scratch) tokenize(text string) []token { return sc.tokenizeWith(text, nil) }

// scratch holds buffers one extraction reuses from the last, so steady-state
// extraction allocates little. It is never shared between goroutines.
type scratch struct {
	toks   []token
	lowBuf []byte
	// code-point offsets (runeSpan): the text, and where its multi-byte
	// runes end
	text   string
	breaks []rbreak
	spans  []span
	slots  []slotMemo
	vnames []victimName // the victim slots' names, a run per slot
	refs   []int        // the mentions' gazetteer refs, a run per mention
	// per-document word table (intern): each distinct normalised form once
	words []docWord
	wtab  []int32 // open addressing over words, index+1, 0 = empty
	// one-byte words (punctuation, "a"), index+1 by byte, outside wtab
	single [utf8.RuneSelf]int32
	// the last document's slices, kept for their capacity
	sents     []sentence
	ents      []mention
	money     []money
	infos     []sentInfo
	venueSeen []int
	dateSpan  [][2]int32
	seen      []int // findVictims' name starts
	surfaces  []victimSurface
	elig      []eligibility
	groups    map[string]*group
	garena    []group // claims' groups
	oarena    []obs   // room for their first observations
	near      []NearMiss
	doc       doc // the document under analysis
	dates     []dateMention
}

// slotsFor returns n cleared victim-slot memos.
func (sc *scratch) slotsFor(n int) []slotMemo {
	if cap(sc.slots) < n {
		sc.slots = make([]slotMemo, n)
	}
	sc.slots = sc.slots[:n]
	clear(sc.slots)
	return sc.slots
}

// span is where a token's normal form lies in the lower-case buffer.
type span struct{ k, a, b int }

// tokenizeWith is tokenize that, given the lexicon, also gives each token its
// document word (intern) as it goes.
func (sc *scratch) tokenizeWith(text string, lex *lexTable) []token {
	if lex != nil {
		sc.internStart(len(text))
	}
	toks := sc.toks[:0]
	lowBuf := sc.lowBuf[:0]
	spans := sc.spans[:0]
	nl := 0
	space := false
	// where the multi-byte runes end (runeSpan): every byte past 0x7f is met
	// at the loop head or inside a token that a scanner read
	breaks, extra := sc.breaks[:0], int32(0)
	for i := 0; i < len(text); {
		c := rune(text[i])
		w := 1
		if c < utf8.RuneSelf {
			// spaces and line breaks, the most common bytes after letters,
			// are skipped here without the token machinery below
			switch c {
			case ' ', '\t', '\r', '\f', '\v':
				space = true
				i++
				continue
			case '\n':
				nl++
				space = true
				i++
				continue
			}
		}
		// typographic punctuation (curly quotes, dashes: what normRune
		// rewrites) is neither space, digit nor letter: no table look-ups
		typo := false
		if c >= utf8.RuneSelf {
			c, w = utf8.DecodeRuneInString(text[i:])
			if typo = normRune(c) != c; !typo && isSpace(c) {
				breaks, extra = appendBreaks(breaks, extra, text, i, i+w)
				space = true
				i += w
				continue
			}
		}
		start := i
		kind := tPunct
		plain := -1 // 1: known plain lower case ASCII, 0: known not, -1: ask plainLower
		scanned := false
		switch {
		case !typo && (c >= '0' && c <= '9' || (c >= utf8.RuneSelf && unicode.IsDigit(c))):
			kind = tNum
			i, scanned = scanNumber(text, i), true
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z':
			kind = tWord
			// fast path for ASCII words, the common case; anything that
			// needs scanWord's care (a non-ASCII letter, an acronym's dot
			// after a single letter) goes to it from the start
			j, up := asciiWordEnd(text, i+1)
			up = up || c <= 'Z'
			if j < len(text) && (text[j] >= utf8.RuneSelf || (j-i == 1 && text[j] == '.')) {
				i, scanned = scanWord(text, i), true
			} else {
				i = j
				plain = 1
				if up {
					plain = 0
				}
			}
		case !typo && c >= utf8.RuneSelf && isWordRune(c):
			kind = tWord
			i, scanned = scanWord(text, i), true
		case normRune(c) == '\'' && i+w < len(text) && (text[i+w] == 's' || text[i+w] == 'S') &&
			(i+w+1 >= len(text) || !isWordRune(rune(text[i+w+1]))):
			i += w + 1 // possessive "'s" is one token
		default:
			i += w
		}
		if scanned || c >= utf8.RuneSelf {
			breaks, extra = appendBreaks(breaks, extra, text, start, i)
		}
		if len(toks) < cap(toks) {
			toks = toks[:len(toks)+1]
		} else {
			toks = append(toks, token{})
		}
		// built in place, field by field: a token is near a hundred bytes
		// with two strings, not worth building twice
		t := &toks[len(toks)-1]
		tx := text[start:i]
		t.kind = kind
		t.b0, t.b1 = int32(start), int32(i)
		t.space = space
		t.nl = uint8(min(nl, 255))
		t.cap, t.upper = false, false
		if lex == nil { // else intern sets them, and analyse the sentence
			t.bits = 0
			t.sent, t.ent, t.money, t.lex, t.word = 0, 0, 0, 0, 0
		}
		t.inMoney, t.nameStart = false, 0
		switch plain {
		case 1:
			t.hasUp = false
		case 0:
			t.hasUp = true
		default:
			t.hasUp = hasUpperRune(tx)
		}
		a := len(lowBuf)
		same := plain == 1 || (plain < 0 && plainLower(tx))
		if plain == 0 {
			lowBuf, t.cap, t.upper = appendLowASCII(lowBuf, tx)
		} else if !same {
			lowBuf, t.cap, t.upper, same = appendLow(lowBuf, tx)
		}
		if same {
			lowBuf = lowBuf[:a] // already plain lower case: low is the text itself
			t.low = tx
			if lex != nil {
				sc.intern(t, text, true, lex)
			}
		} else {
			// set once the buffer is final
			spans = append(spans, span{len(toks) - 1, a, len(lowBuf)})
		}
		nl = 0
		space = false
		// the ASCII spaces after a token, skipped here in a tight loop rather
		// than one by one through the loop head
	skip:
		for i < len(text) {
			switch text[i] {
			case ' ', '\t', '\r', '\f', '\v':
				space = true
			case '\n':
				nl++
				space = true
			default:
				break skip
			}
			i++
		}
	}
	lows := string(lowBuf)
	for _, sp := range spans {
		toks[sp.k].low = lows[sp.a:sp.b]
		if lex != nil {
			t := &toks[sp.k]
			sc.intern(t, text, t.low == text[t.b0:t.b1], lex)
		}
	}
	sc.toks, sc.lowBuf, sc.spans = toks, lowBuf, spans
	sc.text, sc.breaks = text, breaks
	return toks
}

// rbreak is the end of a multi-byte rune: from byte b on, byte offsets
// exceed code-point offsets by extra.
type rbreak struct{ b, extra int32 }

// runeSpan returns the code-point offsets of token k of the last tokenize.
// Tokens do not carry them: evidence needs a few, found from where the
// text's multi-byte runes end (none in ASCII text).
func (sc *scratch) runeSpan(k int) (int32, int32) {
	t := &sc.toks[k]
	if len(sc.breaks) == 0 {
		return t.b0, t.b1
	}
	return sc.runeAt(t.b0), sc.runeAt(t.b1)
}

// appendBreaks adds the ends of the multi-byte runes of text[a:b] to
// breaks; extra is the bytes past one per rune so far.
func appendBreaks(breaks []rbreak, extra int32, text string, a, b int) ([]rbreak, int32) {
	for k := a; k < b; {
		if text[k] < utf8.RuneSelf {
			k++
			continue
		}
		_, w := utf8.DecodeRuneInString(text[k:])
		k += w
		if w > 1 {
			extra += int32(w - 1)
			breaks = append(breaks, rbreak{int32(k), extra})
		}
	}
	return breaks, extra
}

// runeAt is the code-point offset of byte offset b (a rune boundary).
func (sc *scratch) runeAt(b int32) int32 {
	// the last break at or before b
	j := sort.Search(len(sc.breaks), func(j int) bool { return sc.breaks[j].b > b })
	if j == 0 {
		return b
	}
	return b - sc.breaks[j-1].extra
}

// scanNumber reads digits with inner separators: 1,340.5 or 4,3 or 1.000.000.
func scanNumber(text string, i int) int {
	for i < len(text) {
		c := text[i]
		if c >= '0' && c <= '9' {
			i++
			continue
		}
		if (c == ',' || c == '.') && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9' {
			i += 2
			continue
		}
		if c >= 128 {
			d, w := utf8.DecodeRuneInString(text[i:])
			if unicode.IsDigit(d) {
				i += w
				continue
			}
		}
		break
	}
	return i
}

// scanWord reads letters and digits, an acronym with dots (U.S., D.P.R.K.)
// as one token, and stops before an apostrophe so "Lazarus's" gives
// "Lazarus" and "'s".
func scanWord(text string, i int) int {
	start := i
	for i < len(text) {
		if b := text[i]; b < utf8.RuneSelf {
			if !asciiWordByte(b) {
				break
			}
			i++
			continue
		}
		c, w := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(c) {
			break
		}
		i += w
	}
	// Acronym: single letter, dot, single letter, dot ...
	if i-start == 1 || (i-start <= 4 && utf8.RuneCountInString(text[start:i]) == 1) {
		j := i
		n := 0
		for j+1 < len(text) && text[j] == '.' {
			c, w := utf8.DecodeRuneInString(text[j+1:])
			if !unicode.IsLetter(c) {
				break
			}
			k := j + 1 + w
			if k < len(text) {
				if d, _ := utf8.DecodeRuneInString(text[k:]); isWordRune(d) {
					break
				}
			}
			j = k
			n++
		}
		if n > 0 {
			if j < len(text) && text[j] == '.' {
				j++
			}
			return j
		}
	}
	return i
}

// asciiWordEnd returns where a run of ASCII letters and digits from j ends
// and whether it has an upper-case letter.
func asciiWordEnd(text string, j int) (int, bool) {
	up := false
	for ; j < len(text); j++ {
		b := text[j]
		if b-'a' < 26 || b-'0' < 10 {
			continue
		}
		if b-'A' >= 26 {
			break
		}
		up = true
	}
	return j, up
}

// asciiWordByte says whether an ASCII byte is a letter or digit, by one
// shift into a 128-bit mask instead of three range tests.
func asciiWordByte(b byte) bool {
	const (
		lo = 0x03FF000000000000 // '0'..'9' among bytes 0..63
		hi = 0x07FFFFFE07FFFFFE // 'A'..'Z' and 'a'..'z' among bytes 64..127
	)
	if b < 64 {
		return lo>>b&1 != 0
	}
	return b < 128 && hi>>(b-64)&1 != 0
}

func runeCount(s string) int { return utf8.RuneCountInString(s) }

// plainLower says whether s is already in normal form: ASCII with no upper
// case letters and no backquote, the case of most words.
func plainLower(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || (c >= 'A' && c <= 'Z') || c == '`' {
			return false
		}
	}
	return true
}

// appendLowASCII is appendLow for a word of ASCII letters and digits with an
// upper-case letter: never the same as its text.
func appendLowASCII(buf []byte, s string) (out []byte, capital, upper bool) {
	letters, uppers := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c-'A' < 26 {
			letters++
			uppers++
			c += 'a' - 'A'
		} else if c-'a' < 26 {
			letters++
		}
		buf = append(buf, c)
	}
	return buf, s[0]-'A' < 26, letters >= 2 && letters == uppers
}

// appendLow appends the lower-cased, typographically plain form of a token
// to buf and says whether it is capitalised, all upper case, and already
// plain (then the token's own text can serve as its normal form).
func appendLow(buf []byte, s string) (out []byte, capital, upper, same bool) {
	letters, uppers := 0, 0
	first := true
	same = true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			isUp := c >= 'A' && c <= 'Z'
			if first {
				capital, first = isUp, false
			}
			if isUp {
				letters++
				uppers++
				c += 'a' - 'A'
				same = false
			} else if c >= 'a' && c <= 'z' {
				letters++
			} else if c == '`' {
				c = '\''
				same = false
			}
			buf = append(buf, c)
			i++
			continue
		}
		r, w := utf8.DecodeRuneInString(s[i:])
		i += w
		if first {
			capital, first = unicode.IsUpper(r), false
		}
		if unicode.IsLetter(r) {
			letters++
			if unicode.IsUpper(r) {
				uppers++
			}
		}
		n := unicode.ToLower(normRune(r))
		if n != r || r == utf8.RuneError {
			same = false
		}
		buf = utf8.AppendRune(buf, n)
	}
	return buf, capital, letters >= 2 && letters == uppers, same
}

// sentence is a run of tokens [t0, t1) with its span in the original text.
type sentence struct {
	t0, t1 int
	para   int // paragraph number (blank line or line break separates)
}

// neverEnds says whether a full stop after this abbreviation never ends a sentence.
func neverEnds(low string) bool {
	switch low {
	case "mr", "mrs", "ms", "dr", "mt", "st", "no", "vs", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "prof", "gen", "sen", "rep", "gov", "approx", "est", "fig", "ft", "jr", "sr", "lt", "col", "capt", "rev", "rs":
		return true
	}
	return false
}

// endsAtBreakOnly: a full stop after these ends a sentence only at a line break.
func endsAtBreakOnly(low string) bool {
	switch low {
	case "inc", "corp", "co", "ltd", "plc", "llc", "bros", "etc", "mil":
		return true
	}
	return false
}

// addSentence appends sentence s to out and gives its tokens its number.
func addSentence(toks []token, out []sentence, s sentence) []sentence {
	for i := s.t0; i < s.t1; i++ {
		toks[i].sent = int32(len(out))
	}
	return append(out, s)
}

// segment splits tokens into sentences and gives each token its sentence. A
// line break always ends one; a full stop ends one unless it follows an
// abbreviation or precedes a lower-case word.
func segment(toks []token, out []sentence) []sentence {
	out = out[:0]
	start, para := 0, 0
	for i := 0; i < len(toks); i++ {
		if i > start && toks[i].nl > 0 {
			out = addSentence(toks, out, sentence{t0: start, t1: i, para: para})
			start = i
		}
		if i == start && i > 0 && toks[i].nl > 0 {
			para++
		}
		t := &toks[i]
		if t.kind != tPunct || (t.low != "." && t.low != "!" && t.low != "?") {
			continue
		}
		// absorb closing quotes and brackets
		j := i + 1
		for j < len(toks) && toks[j].nl == 0 && !toks[j].space && (toks[j].low == "\"" || toks[j].low == "'" || toks[j].low == ")") {
			j++
		}
		if j >= len(toks) {
			continue
		}
		next := &toks[j]
		if next.nl > 0 {
			continue // the line break will end it
		}
		if t.low == "." {
			if i > 0 && !t.space {
				prev := toks[i-1].low
				if neverEnds(prev) || endsAtBreakOnly(prev) {
					continue
				}
				if toks[i-1].kind == tWord && runeCount(prev) == 1 { // initials: "J. Smith"
					continue
				}
			}
			if !next.space { // "Stake.com", "1.5"
				continue
			}
		}
		if !(next.cap || next.kind == tNum || next.low == "\"" || next.low == "'" || next.low == "(" || next.low == "[" || next.low == "-" || next.low == "•") {
			continue
		}
		out = addSentence(toks, out, sentence{t0: start, t1: j, para: para})
		start = j
		i = j - 1
	}
	if start < len(toks) {
		out = addSentence(toks, out, sentence{t0: start, t1: len(toks), para: para})
	}
	return out
}

// docWord is one distinct normalised word of a document: what the rules know
// about it, looked up once, and how the article writes it.
type docWord struct {
	low     string
	h       uint64 // its hash (lexTable.key)
	v       uint64 // its pack when at most eight bytes (lexTable.key)
	lex     int32  // index in Extractor.lexEntries, -1 for none
	bits    uint64
	capSeen bool // written capitalised somewhere (a word token)
	lowSeen bool // written in plain lower case somewhere (a word token)
	// for doc.nameUse, filled once when first asked: capitalised uses, those
	// inside a sentence, and lower-case uses
	nCap, nMid, nLow int32
}

// internStart readies the document word table for a text of n bytes.
func (sc *scratch) internStart(n int) {
	size := 64
	for size < n/4 { // about twice the distinct words of usual text; grows if not
		size *= 2
	}
	if cap(sc.wtab) < size {
		sc.wtab = make([]int32, size)
	}
	sc.wtab = sc.wtab[:size]
	clear(sc.wtab)
	clear(sc.single[:])
	sc.words = sc.words[:0]
}

// intern gives token t (whose normal form is final) its document word, so
// each distinct word costs one lexicon lookup, and sets the token's lexicon
// id and bits, and no mention or amount yet. asText says whether its normal
// form is its text (the document).
func (sc *scratch) intern(t *token, text string, asText bool, lex *lexTable) {
	if len(t.low) == 1 && t.low[0] < utf8.RuneSelf {
		// one-byte tokens (punctuation, "a", "I") skip the hash
		b := t.low[0]
		w := sc.single[b] - 1
		if w < 0 {
			w = int32(len(sc.words))
			sc.single[b] = w + 1
			dw := docWord{low: t.low}
			h, v := lex.key(t.low)
			dw.lex, dw.bits = lex.find(t.low, h, v)
			sc.words = append(sc.words, dw)
		}
		t.setWord(w, &sc.words[w], asText)
		return
	}
	var h, v uint64
	if asText { // the pack in one load from the text
		h, v = lex.keyAt(text, int(t.b0), len(t.low))
	} else {
		h, v = lex.key(t.low)
	}
	short := len(t.low) <= 8
	mask := uint64(len(sc.wtab) - 1)
	for p := h & mask; ; p = (p + 1) & mask {
		e := sc.wtab[p]
		if e == 0 {
			w := int32(len(sc.words))
			sc.wtab[p] = w + 1
			dw := docWord{low: t.low, h: h, v: v}
			dw.lex, dw.bits = lex.find(t.low, h, v) // "0x", "1inch" start names too
			sc.words = append(sc.words, dw)
			if 2*len(sc.words) > len(sc.wtab) {
				sc.growWords()
			}
			t.setWord(w, &sc.words[w], asText)
			return
		}
		// a short word compares by length and pack, without a call
		if w := &sc.words[e-1]; len(w.low) == len(t.low) && (short && w.v == v || !short && w.low == t.low) {
			t.setWord(e-1, &sc.words[e-1], asText)
			return
		}
	}
}

// growWords doubles the document word table.
func (sc *scratch) growWords() {
	n := 2 * len(sc.wtab)
	if cap(sc.wtab) < n {
		sc.wtab = make([]int32, n)
	}
	sc.wtab = sc.wtab[:n]
	clear(sc.wtab)
	mask := uint64(n - 1)
	for w := range sc.words {
		if len(sc.words[w].low) == 1 && sc.words[w].low[0] < utf8.RuneSelf {
			continue // in single
		}
		p := sc.words[w].h & mask
		for sc.wtab[p] != 0 {
			p = (p + 1) & mask
		}
		sc.wtab[p] = int32(w) + 1
	}
}

// setWord gives token t document word w (dw) and notes how the word is written.
func (t *token) setWord(w int32, dw *docWord, asText bool) {
	t.word = w
	t.lex, t.bits = dw.lex, dw.bits
	t.ent, t.money = -1, -1 // analyse fills them in
	if t.kind == tWord {
		if t.cap {
			dw.capSeen = true
		} else if asText {
			dw.lowSeen = true
		}
	}
}
