package extract

import (
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
	text   string // as written
	low    string // normalised: lower case, ’ → ', – — → -, “ ” → "
	kind   tokKind
	b0, b1 int32 // byte offsets in the original text
	r0, r1 int32 // code-point offsets in the original text
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
	nameStart        int8 // isNameStart's answer: 0 not asked yet, 1 yes, 2 no
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

// scratch holds buffers one extraction reuses from the last, so steady-state
// extraction allocates little. It is never shared between goroutines.
type scratch struct {
	toks    []token
	lowBuf  []byte
	spans   []span
	slots   []slotMemo
	lowSeen map[string]bool
	// the last document's slices, kept for their capacity
	sents []sentence
	ents  []mention
	money []money
	infos []sentInfo
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

type span struct{ a, b int }

func (sc *scratch) tokenize(text string) []token {
	toks := sc.toks[:0]
	lowBuf := sc.lowBuf[:0]
	spans := sc.spans[:0]
	r := 0 // rune index at byte i
	nl := 0
	space := false
	for i := 0; i < len(text); {
		c := rune(text[i])
		w := 1
		if c >= utf8.RuneSelf {
			c, w = utf8.DecodeRuneInString(text[i:])
		}
		switch {
		case c == '\n':
			nl++
			space = true
			i += w
			r++
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || (c >= utf8.RuneSelf && isSpace(c)):
			space = true
			i += w
			r++
			continue
		}
		start, rstart := i, r
		kind := tPunct
		switch {
		case c >= '0' && c <= '9' || (c >= utf8.RuneSelf && unicode.IsDigit(c)):
			kind = tNum
			i, r = scanNumber(text, i, r)
		case c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || (c >= utf8.RuneSelf && isWordRune(c)):
			kind = tWord
			i, r = scanWord(text, i, r)
		case normRune(c) == '\'' && i+w < len(text) && (text[i+w] == 's' || text[i+w] == 'S') &&
			(i+w+1 >= len(text) || !isWordRune(rune(text[i+w+1]))):
			i += w + 1 // possessive "'s" is one token
			r += 2
		default:
			i += w
			r++
		}
		// built in place: a token is a hundred bytes, not worth copying twice
		if len(toks) < cap(toks) {
			toks = toks[:len(toks)+1]
		} else {
			toks = append(toks, token{})
		}
		t := &toks[len(toks)-1]
		*t = token{text: text[start:i], kind: kind, b0: int32(start), b1: int32(i), r0: int32(rstart), r1: int32(r), space: space, nl: uint8(min(nl, 255))}
		a := len(lowBuf)
		same := plainLower(t.text)
		if !same {
			lowBuf, t.cap, t.upper, same = appendLow(lowBuf, t.text)
		}
		if same {
			lowBuf = lowBuf[:a] // already plain lower case: low is the text itself
			spans = append(spans, span{-1, -1})
		} else {
			spans = append(spans, span{a, len(lowBuf)})
		}
		nl = 0
		space = false
	}
	lows := string(lowBuf)
	for k := range toks {
		if spans[k].a < 0 {
			toks[k].low = toks[k].text
		} else {
			toks[k].low = lows[spans[k].a:spans[k].b]
		}
	}
	sc.toks, sc.lowBuf, sc.spans = toks, lowBuf, spans
	return toks
}

// scanNumber reads digits with inner separators: 1,340.5 or 4,3 or 1.000.000.
func scanNumber(text string, i, r int) (int, int) {
	for i < len(text) {
		c := text[i]
		if c >= '0' && c <= '9' {
			i++
			r++
			continue
		}
		if (c == ',' || c == '.') && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9' {
			i += 2
			r += 2
			continue
		}
		if c >= 128 {
			d, w := utf8.DecodeRuneInString(text[i:])
			if unicode.IsDigit(d) {
				i += w
				r++
				continue
			}
		}
		break
	}
	return i, r
}

// scanWord reads letters and digits, an acronym with dots (U.S., D.P.R.K.)
// as one token, and stops before an apostrophe so "Lazarus's" gives
// "Lazarus" and "'s".
func scanWord(text string, i, r int) (int, int) {
	start := i
	for i < len(text) {
		if b := text[i]; b < utf8.RuneSelf {
			if !asciiWordByte(b) {
				break
			}
			i++
			r++
			continue
		}
		c, w := utf8.DecodeRuneInString(text[i:])
		if !isWordRune(c) {
			break
		}
		i += w
		r++
	}
	// Acronym: single letter, dot, single letter, dot ...
	if i-start == 1 || (i-start <= 4 && utf8.RuneCountInString(text[start:i]) == 1) {
		j, rr := i, r
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
			rr += 2
			n++
		}
		if n > 0 {
			if j < len(text) && text[j] == '.' {
				j++
				rr++
			}
			return j, rr
		}
	}
	return i, r
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

// segment splits tokens into sentences. A line break always ends one; a full
// stop ends one unless it follows an abbreviation or precedes a lower-case word.
func segment(toks []token, out []sentence) []sentence {
	out = out[:0]
	start, para := 0, 0
	for i := 0; i < len(toks); i++ {
		if i > start && toks[i].nl > 0 {
			out = append(out, sentence{t0: start, t1: i, para: para})
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
		out = append(out, sentence{t0: start, t1: j, para: para})
		start = j
		i = j - 1
	}
	if start < len(toks) {
		out = append(out, sentence{t0: start, t1: len(toks), para: para})
	}
	return out
}
