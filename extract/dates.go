package extract

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// dateMention is a date the text states, resolved against the published date
// where it is relative ("in May", "last year", "on Tuesday").
type dateMention struct {
	t0, t1   int
	y, m, d  int // 0 when unknown
	yearOnly bool
	since    bool // "since 2017": the start of a period
	rule     string
}

func (dm dateMention) String() string {
	switch {
	case dm.y == 0:
		return ""
	case dm.m == 0:
		return fmt.Sprintf("%04d", dm.y)
	case dm.d == 0:
		return fmt.Sprintf("%04d-%02d", dm.y, dm.m)
	}
	return fmt.Sprintf("%04d-%02d-%02d", dm.y, dm.m, dm.d)
}

// monthOf reads a month name or abbreviation.
func monthOf(low string) (int, bool) {
	// most words asked are no month: their length or first letter tells
	if len(low) < 3 || len(low) > 9 {
		return 0, false
	}
	switch low[0] {
	case 'j', 'f', 'm', 'a', 's', 'o', 'n', 'd':
	default:
		return 0, false
	}
	switch low {
	case "january", "jan":
		return 1, true
	case "february", "feb":
		return 2, true
	case "march", "mar":
		return 3, true
	case "april", "apr":
		return 4, true
	case "may":
		return 5, true
	case "june", "jun":
		return 6, true
	case "july", "jul":
		return 7, true
	case "august", "aug":
		return 8, true
	case "september", "sep", "sept":
		return 9, true
	case "october", "oct":
		return 10, true
	case "november", "nov":
		return 11, true
	case "december", "dec":
		return 12, true
	}
	return 0, false
}

func isMonth(low string) bool { _, ok := monthOf(low); return ok }

// weekdayOf reads a day name.
func weekdayOf(low string) (time.Weekday, bool) {
	switch low {
	case "sunday":
		return 0, true
	case "monday":
		return 1, true
	case "tuesday":
		return 2, true
	case "wednesday":
		return 3, true
	case "thursday":
		return 4, true
	case "friday":
		return 5, true
	case "saturday":
		return 6, true
	}
	return 0, false
}

func yearOf(t *token) int {
	if t.kind != tNum || len(t.low) != 4 { // a number's normal form is its text
		return 0
	}
	y, err := strconv.Atoi(t.low)
	if err != nil || y < 1990 || y > 2100 {
		return 0
	}
	return y
}

func dayOf(t *token) int {
	if t.kind != tNum || len(t.low) > 2 {
		return 0
	}
	n, err := strconv.Atoi(t.low)
	if err != nil || n < 1 || n > 31 {
		return 0
	}
	return n
}

// scanDates finds the dates of one sentence.
func (x *Extractor) scanDates(d *doc, s sentence) {
	toks := d.toks
	for i := s.t0; i < s.t1; i++ {
		t := &toks[i]
		if t.kind == tPunct || (t.kind == tWord && !t.cap && !t.is(pDate)) || t.money >= 0 {
			continue // only numbers, capitalised words and "last", "this", "yesterday"... start a date
		}
		ty := yearOf(t) // asked twice below
		// ISO 2024-03-14
		if y := ty; y > 0 && i+4 < s.t1 && toks[i+1].low == "-" && !toks[i+1].space && toks[i+2].kind == tNum &&
			toks[i+3].low == "-" && toks[i+4].kind == tNum {
			m, _ := strconv.Atoi(toks[i+2].low)
			dd := dayOf(&toks[i+4])
			if m >= 1 && m <= 12 && dd > 0 {
				d.dates = append(d.dates, dateMention{t0: i, t1: i + 5, y: y, m: m, d: dd, rule: "date.iso"})
				i += 4
				continue
			}
		}
		mo, ok := 0, false
		if t.cap && t.kind == tWord {
			mo, ok = monthOf(t.low)
		}
		if ok {
			if t.low == "may" && !t.cap {
				continue
			}
			if t.low == "may" && i+1 < s.t1 && toks[i+1].kind == tWord && !toks[i+1].cap {
				continue // "May sanctioned" is still a month; "may be" is not: modal after a subject
			}
			j := i + 1
			if j < s.t1 && toks[j].low == "." && !toks[j].space {
				j++
			}
			dm := dateMention{t0: i, m: mo, rule: "date.month"}
			if j < s.t1 {
				if dd := dayOf(&toks[j]); dd > 0 {
					dm.d = dd
					j++
					if j < s.t1 && (toks[j].low == "st" || toks[j].low == "nd" || toks[j].low == "rd" || toks[j].low == "th") {
						j++
					}
					dm.rule = "date.month-day"
				}
			}
			if j < s.t1 && toks[j].low == "," {
				if j+1 < s.t1 && yearOf(&toks[j+1]) > 0 {
					j++
				}
			}
			if j < s.t1 {
				if y := yearOf(&toks[j]); y > 0 {
					dm.y = y
					j++
				}
			}
			// "18 July 2024"
			if dm.d == 0 && i > s.t0 {
				if dd := dayOf(&toks[i-1]); dd > 0 && d.moneyAt(i-1) < 0 {
					dm.d = dd
					dm.t0 = i - 1
				}
			}
			if dm.y == 0 && d.pubY > 0 {
				dm.y = d.pubY
				if d.pubM > 0 && mo > d.pubM {
					dm.y--
				}
				if dm.rule == "date.month-day" { // constants: no string built per date
					dm.rule = "date.month-day+published"
				} else {
					dm.rule = "date.month+published"
				}
			}
			if dm.y == 0 {
				dm.rule = "date.month-only" // kept to tell events apart; reported as no date
			}
			dm.t1 = j
			d.dates = append(d.dates, dm)
			i = j - 1
			continue
		}
		if y := ty; y > 0 {
			prev := ""
			if i > s.t0 {
				prev = toks[i-1].low
			}
			// a bare number next to money or a unit is not a year, nor is a
			// count ("more than 2000 transactions")
			if i+1 < s.t1 && ((toks[i+1].is(pScale) && x.scales[toks[i+1].low] > 0) || x.currencyAt(d, i+1, s.t1) >= 0) {
				continue
			}
			if i+1 < s.t1 && toks[i+1].kind == tWord && !toks[i+1].cap && len(toks[i+1].low) > 3 &&
				strings.HasSuffix(toks[i+1].low, "s") && toks[i+1].space {
				continue
			}
			if prev == "than" || prev == "over" || prev == "about" || prev == "nearly" {
				continue
			}
			d.dates = append(d.dates, dateMention{t0: i, t1: i + 1, y: y, yearOnly: true, since: prev == "since", rule: "date.year"})
			continue
		}
		if d.pubY == 0 {
			continue
		}
		if t.kind != tWord || !t.is(pDate) {
			// only the pDate words ("last", "this", "previous", "ago",
			// "yesterday", "today") start the relative dates below; any
			// other capitalised word may still be a weekday
			if d.pubD > 0 && t.cap {
				d.weekdayAt(i)
			}
			continue
		}
		// relative: last year, this year, last month, this month, yesterday, on Tuesday
		if i+1 < s.t1 && (t.low == "last" || t.low == "this" || t.low == "previous") {
			switch toks[i+1].low {
			case "year":
				y := d.pubY
				if t.low != "this" {
					y--
				}
				d.dates = append(d.dates, dateMention{t0: i, t1: i + 2, y: y, yearOnly: true, rule: "date.relative-year"})
				i++
				continue
			case "month":
				if d.pubM > 0 {
					y, m := d.pubY, d.pubM
					if t.low != "this" {
						m--
						if m == 0 {
							y, m = y-1, 12
						}
					}
					d.dates = append(d.dates, dateMention{t0: i, t1: i + 2, y: y, m: m, rule: "date.relative-month"})
					i++
					continue
				}
			}
		}
		if n, ok := x.relativeDate(d, s, i); ok {
			i += n - 1
			continue
		}
		if d.pubD > 0 {
			if t.low == "yesterday" || t.low == "today" {
				pub := time.Date(d.pubY, time.Month(d.pubM), d.pubD, 0, 0, 0, 0, time.UTC)
				if t.low == "yesterday" {
					pub = pub.AddDate(0, 0, -1)
				}
				d.dates = append(d.dates, dateMention{t0: i, t1: i + 1, y: pub.Year(), m: int(pub.Month()), d: pub.Day(), rule: "date.relative-day"})
				continue
			}
			if t.cap {
				d.weekdayAt(i)
			}
		}
	}
}

// weekdayAt records a day name at token i ("on Tuesday") as the last such
// day up to the published day (which it needs).
func (d *doc) weekdayAt(i int) {
	wd, ok := weekdayOf(d.toks[i].low)
	if !ok {
		return
	}
	pub := time.Date(d.pubY, time.Month(d.pubM), d.pubD, 0, 0, 0, 0, time.UTC)
	back := (int(pub.Weekday()) - int(wd) + 7) % 7
	day := pub.AddDate(0, 0, -back)
	d.dates = append(d.dates, dateMention{t0: i, t1: i + 1, y: day.Year(), m: int(day.Month()), d: day.Day(), rule: "date.weekday"})
}

// relativeDate reads the relative dates that need the published day or
// month: "last week", "this week", "last Friday" (the one before the
// published day, never that day) and "three days ago", "two weeks ago", "a
// month ago", "two years ago". A week is reported as the month it falls in,
// since a claim's date is a day, a month or a year. It returns the number of
// tokens read from token i.
func (x *Extractor) relativeDate(d *doc, s sentence, i int) (int, bool) {
	toks := d.toks
	t := &toks[i]
	var pub time.Time
	if d.pubD > 0 {
		pub = time.Date(d.pubY, time.Month(d.pubM), d.pubD, 0, 0, 0, 0, time.UTC)
	}
	if (t.low == "last" || t.low == "this" || t.low == "previous") && i+1 < s.t1 && d.pubD > 0 {
		next := &toks[i+1]
		if next.low == "week" {
			day := pub
			if t.low != "this" {
				day = pub.AddDate(0, 0, -7)
			}
			d.dates = append(d.dates, dateMention{t0: i, t1: i + 2, y: day.Year(), m: int(day.Month()), rule: "date.relative-week"})
			return 2, true
		}
		if wd, ok := weekdayOf(next.low); ok && next.cap && t.low != "this" {
			back := (int(pub.Weekday()) - int(wd) + 7) % 7
			if back == 0 {
				back = 7
			}
			day := pub.AddDate(0, 0, -back)
			d.dates = append(d.dates, dateMention{t0: i, t1: i + 2, y: day.Year(), m: int(day.Month()), d: day.Day(), rule: "date.last-weekday"})
			return 2, true
		}
	}
	if t.low != "ago" || i-2 < s.t0 {
		return 0, false
	}
	n := countOf(&toks[i-2])
	if n == 0 {
		return 0, false
	}
	dm := dateMention{t0: i - 2, t1: i + 1, rule: "date.ago"}
	switch strings.TrimSuffix(toks[i-1].low, "s") {
	case "day":
		if d.pubD == 0 {
			return 0, false
		}
		day := pub.AddDate(0, 0, -n)
		dm.y, dm.m, dm.d = day.Year(), int(day.Month()), day.Day()
	case "week":
		if d.pubD == 0 {
			return 0, false
		}
		day := pub.AddDate(0, 0, -7*n)
		dm.y, dm.m = day.Year(), int(day.Month())
	case "month":
		if d.pubM == 0 {
			return 0, false
		}
		k := d.pubY*12 + d.pubM - 1 - n
		dm.y, dm.m = k/12, k%12+1
	case "year":
		dm.y = d.pubY - n // one event, not a period: no aggregate cue as "last year" is
	default:
		return 0, false
	}
	d.dates = append(d.dates, dm)
	return 1, true
}

// countOf reads a small count written as digits or a word ("a", "two").
func countOf(t *token) int {
	if t.kind == tNum {
		if n, err := strconv.Atoi(t.low); err == nil && n > 0 && n < 100 {
			return n
		}
		return 0
	}
	switch t.low {
	case "a", "an", "one":
		return 1
	case "two":
		return 2
	case "three":
		return 3
	case "four":
		return 4
	case "five":
		return 5
	case "six":
		return 6
	case "seven":
		return 7
	case "eight":
		return 8
	case "nine":
		return 9
	case "ten":
		return 10
	case "eleven":
		return 11
	case "twelve":
		return 12
	}
	return 0
}
