package main

import (
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/extract"
)

// appendRecord appends the JSON line encoding/json writes for rec (with
// HTML escaping off, as extract --jsonl sets it), without reflection, which
// cost a tenth of a large batch. It answers false, having appended nothing,
// on what it leaves to encoding/json: a NaN or infinite number, which
// encoding/json refuses. TestAppendRecord holds it to encoding/json's bytes.
func appendRecord(b []byte, rec extract.Record) ([]byte, bool) {
	for _, c := range rec.Incidents {
		if !finite(c.Confidence) || (c.AmountNative != nil && !finite(c.AmountNative.Value)) {
			return b, false
		}
	}
	for _, c := range rec.Aggregates {
		if !finite(c.Confidence) {
			return b, false
		}
	}
	b = append(b, `{"id":`...)
	b = appendString(b, rec.ID)
	b = append(b, `,"incidents":`...)
	if rec.Incidents == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, c := range rec.Incidents {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"victim":`...)
			b = appendString(b, c.Victim)
			b = append(b, `,"amount_usd":`...)
			b = appendInt(b, c.AmountUSD)
			if c.AmountQualifier != "" {
				b = append(b, `,"amount_qualifier":`...)
				b = appendString(b, c.AmountQualifier)
			}
			if c.AmountUSDMax != nil {
				b = append(b, `,"amount_usd_max":`...)
				b = appendInt(b, c.AmountUSDMax)
			}
			b = append(b, `,"amount_native":`...)
			b = appendMoney(b, c.AmountNative)
			b = append(b, `,"actor":`...)
			b = appendNullable(b, c.Actor)
			b = append(b, `,"actor_family":`...)
			b = appendNullable(b, c.ActorFamily)
			b = append(b, `,"attribution":`...)
			b = appendNullable(b, c.Attribution)
			b = append(b, `,"attributed_by":`...)
			b = appendNullable(b, c.AttributedBy)
			b = append(b, `,"date":`...)
			b = appendNullable(b, c.Date)
			b = append(b, `,"technique":`...)
			b = appendNullable(b, c.Technique)
			b = appendTail(b, c.Confidence, c.Rules, c.Evidence)
		}
		b = append(b, ']')
	}
	b = append(b, `,"aggregates":`...)
	if rec.Aggregates == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, c := range rec.Aggregates {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"actor_family":`...)
			b = appendNullable(b, c.ActorFamily)
			if c.Actor != nil {
				b = append(b, `,"actor":`...)
				b = appendString(b, *c.Actor)
			}
			b = append(b, `,"amount_usd":`...)
			b = appendInt(b, c.AmountUSD)
			b = append(b, `,"period":`...)
			b = appendString(b, c.Period)
			b = appendTail(b, c.Confidence, c.Rules, c.Evidence)
		}
		b = append(b, ']')
	}
	return append(b, "}\n"...), true
}

// appendTail ends a claim object: its confidence, rules and evidence.
func appendTail(b []byte, confidence float64, rules []string, ev []heistwatch.Evidence) []byte {
	b = append(b, `,"confidence":`...)
	b = appendFloat(b, confidence)
	b = append(b, `,"rules":`...)
	b = appendStrings(b, rules)
	b = append(b, `,"evidence":`...)
	b = appendEvidence(b, ev)
	return append(b, '}')
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func appendInt(b []byte, v *int64) []byte {
	if v == nil {
		return append(b, "null"...)
	}
	return strconv.AppendInt(b, *v, 10)
}

func appendNullable(b []byte, s *string) []byte {
	if s == nil {
		return append(b, "null"...)
	}
	return appendString(b, *s)
}

func appendMoney(b []byte, m *heistwatch.Money) []byte {
	if m == nil {
		return append(b, "null"...)
	}
	b = append(b, `{"value":`...)
	b = appendFloat(b, m.Value)
	b = append(b, `,"unit":`...)
	b = appendString(b, m.Unit)
	return append(b, '}')
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendString(b, s)
	}
	return append(b, ']')
}

func appendEvidence(b []byte, es []heistwatch.Evidence) []byte {
	if es == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, e := range es {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"text":`...)
		b = appendString(b, e.Text)
		b = append(b, `,"start":`...)
		b = strconv.AppendInt(b, int64(e.Start), 10)
		b = append(b, `,"end":`...)
		b = strconv.AppendInt(b, int64(e.End), 10)
		b = append(b, '}')
	}
	return append(b, ']')
}

// appendFloat writes a float64 as encoding/json does: the shortest form that
// reads back the same, in exponent form only for very small or large values.
func appendFloat(b []byte, f float64) []byte {
	format := byte('f')
	if abs := math.Abs(f); abs != 0 && (abs < 1e-6 || abs >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, f, format, -1, 64)
	if format == 'e' {
		// e-09 is written e-9
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

const hexDigits = "0123456789abcdef"

// appendString writes a JSON string as encoding/json does with HTML escaping
// off: quotes, backslashes and control characters escaped, invalid UTF-8 as
// U+FFFD, and U+2028 and U+2029 escaped for JavaScript.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
