package cluster

import "strings"

// span is a date as the months it may fall in, counted from year 0: "2024"
// spans January to December, "2024-05" and "2024-05-12" one month. Precision
// is 1 for a year, 2 for a month, 3 for a day.
type span struct {
	first, last int
	precision   int
}

// parseDate reads YYYY, YYYY-MM or YYYY-MM-DD; anything else is unknown.
// It allocates nothing: Match calls it for every candidate.
func parseDate(s string) (span, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return span{}, false
	}
	year, ok := digits(s[0:4])
	if !ok || year < 1900 || year > 2200 {
		return span{}, false
	}
	if len(s) == 4 {
		return span{first: year * 12, last: year*12 + 11, precision: 1}, true
	}
	month, ok := digits(s[5:7])
	if s[4] != '-' || !ok || month < 1 || month > 12 {
		return span{}, false
	}
	m := year*12 + month - 1
	if len(s) == 7 {
		return span{first: m, last: m, precision: 2}, true
	}
	day, ok := digits(s[8:10])
	if s[7] != '-' || !ok || day < 1 || day > 31 {
		return span{}, false
	}
	return span{first: m, last: m, precision: 3}, true
}

// digits reads a string of ASCII digits.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, len(s) > 0
}

// monthsApart is the number of whole months between two spans, 0 when they
// overlap.
func monthsApart(a, b span) int {
	switch {
	case a.last < b.first:
		return b.first - a.last
	case b.last < a.first:
		return a.first - b.last
	}
	return 0
}

// ValidDate reports whether s is a date the incident fields accept:
// YYYY, YYYY-MM or YYYY-MM-DD.
func ValidDate(s string) bool {
	_, ok := parseDate(s)
	return ok
}
