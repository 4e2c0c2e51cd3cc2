package cluster

import (
	"strconv"
	"strings"
)

// span is a date as the months it may fall in, counted from year 0: "2024"
// spans January to December, "2024-05" and "2024-05-12" one month. Precision
// is 1 for a year, 2 for a month, 3 for a day.
type span struct {
	first, last int
	precision   int
}

// parseDate reads YYYY, YYYY-MM or YYYY-MM-DD; anything else is unknown.
func parseDate(s string) (span, bool) {
	parts := strings.Split(strings.TrimSpace(s), "-")
	if len(parts) == 0 || len(parts) > 3 || len(parts[0]) != 4 {
		return span{}, false
	}
	year, err := strconv.Atoi(parts[0])
	if err != nil || year < 1900 || year > 2200 {
		return span{}, false
	}
	if len(parts) == 1 {
		return span{first: year * 12, last: year*12 + 11, precision: 1}, true
	}
	month, err := strconv.Atoi(parts[1])
	if err != nil || month < 1 || month > 12 || len(parts[1]) != 2 {
		return span{}, false
	}
	m := year*12 + month - 1
	if len(parts) == 2 {
		return span{first: m, last: m, precision: 2}, true
	}
	day, err := strconv.Atoi(parts[2])
	if err != nil || day < 1 || day > 31 || len(parts[2]) != 2 {
		return span{}, false
	}
	return span{first: m, last: m, precision: 3}, true
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
