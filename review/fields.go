package review

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/cluster"
)

// formFields are the values a reviewer edits, in form order. The amount's
// qualifier and upper bound travel with it: Edits.Set names them
// "amount_usd" as a group.
var formFields = []string{"victim", "amount_usd", "amount_qualifier", "amount_usd_max", "amount_native",
	"actor", "actor_family", "attribution", "attributed_by", "date", "technique"}

// fieldLabels are the form's labels.
var fieldLabels = map[string]string{
	"victim": "Victim", "amount_usd": "Amount (USD)", "amount_qualifier": "Amount qualifier",
	"amount_usd_max": "Amount upper bound (USD)", "amount_native": "Native amount",
	"actor": "Actor (as worded)", "actor_family": "Actor family", "attribution": "Attribution",
	"attributed_by": "Attributed by", "date": "Date of theft", "technique": "Technique",
}

// setKey is the name a field goes by in Edits.Set.
func setKey(name string) string {
	if name == "amount_qualifier" || name == "amount_usd_max" {
		return "amount_usd"
	}
	return name
}

// FieldValue formats one field the way forms show it and the audit log
// records it (by the web and the CLI alike); ParseField reads the same text
// back, which is what lets undo restore an edit.
func FieldValue(f heistwatch.Fields, name string) string {
	switch name {
	case "victim":
		return f.Victim
	case "amount_usd":
		return formatInt(f.AmountUSD)
	case "amount_qualifier":
		return f.AmountQualifier
	case "amount_usd_max":
		return formatInt(f.AmountUSDMax)
	case "amount_native":
		if f.AmountNative == nil {
			return ""
		}
		return strconv.FormatFloat(f.AmountNative.Value, 'f', -1, 64) + " " + f.AmountNative.Unit
	case "actor":
		return f.Actor
	case "actor_family":
		return f.ActorFamily
	case "attribution":
		return f.Attribution
	case "attributed_by":
		return f.AttributedBy
	case "date":
		return f.Date
	case "technique":
		return f.Technique
	}
	return ""
}

func formatInt(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

var (
	dateRe   = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)
	familyRe = regexp.MustCompile(`^[A-Z][A-Z0-9_-]{1,15}$`)
	unitRe   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9.]{0,11}$`)
)

// ParseField validates a reviewer's text for one field — as the edit form,
// the API and the CLI take it — and stores it in f under name. An empty v
// clears the field ("the text did not say"). One parser for every way in
// keeps the same rules everywhere.
func ParseField(f *heistwatch.Fields, name, v string) error {
	v = strings.TrimSpace(v)
	if len(v) > 500 {
		return fmt.Errorf("too long (%d bytes, at most 500)", len(v))
	}
	switch name {
	case "victim":
		f.Victim = v
	case "amount_usd", "amount_usd_max":
		n, err := parseUSD(v)
		if err != nil {
			return err
		}
		if name == "amount_usd" {
			f.AmountUSD = n
		} else {
			f.AmountUSDMax = n
		}
	case "amount_qualifier":
		switch v {
		case "", "over", "nearly", "up to", "about", "range", "at least", "more than", "less than":
		default:
			return fmt.Errorf("%q is not a qualifier (over, nearly, up to, about, at least, more than, less than, range)", v)
		}
		f.AmountQualifier = v
	case "amount_native":
		if v == "" {
			f.AmountNative = nil
			return nil
		}
		num, unit, ok := strings.Cut(v, " ")
		unit = strings.TrimSpace(unit)
		val, err := strconv.ParseFloat(strings.ReplaceAll(num, ",", ""), 64)
		if !ok || err != nil || val < 0 || !unitRe.MatchString(unit) {
			return fmt.Errorf("%q: want a number and a unit, such as \"4500 BTC\"", v)
		}
		f.AmountNative = &heistwatch.Money{Value: val, Unit: strings.ToUpper(unit)}
	case "actor":
		f.Actor = v
	case "actor_family":
		v = strings.ToUpper(v)
		if v != "" && !familyRe.MatchString(v) {
			return fmt.Errorf("%q: want a short code such as DPRK", v)
		}
		f.ActorFamily = v
	case "attribution":
		v = strings.ToLower(v)
		switch v {
		case "", heistwatch.Confirmed, heistwatch.Attributed, heistwatch.Suspected:
		default:
			return fmt.Errorf("%q: want confirmed, attributed, suspected or nothing", v)
		}
		f.Attribution = v
	case "attributed_by":
		f.AttributedBy = v
	case "date":
		if v != "" {
			if !dateRe.MatchString(v) {
				return fmt.Errorf("%q: want YYYY, YYYY-MM or YYYY-MM-DD", v)
			}
			layout := []string{"2006", "2006-01", "2006-01-02"}[strings.Count(v, "-")]
			if _, err := time.Parse(layout, v); err != nil {
				return fmt.Errorf("%q is not a real date", v)
			}
		}
		f.Date = v
	case "technique":
		v = strings.ToLower(v)
		if v != "" && !slices.Contains(cluster.Techniques, v) {
			return fmt.Errorf("%q: want one of %s, or nothing", v, strings.Join(cluster.Techniques, ", "))
		}
		f.Technique = v
	default:
		return fmt.Errorf("no such field")
	}
	return nil
}

// parseUSD reads "620000000", "$620,000,000", "620m", "1.5 billion".
func parseUSD(v string) (*int64, error) {
	s := strings.ToLower(strings.TrimSpace(v))
	if s == "" {
		return nil, nil
	}
	s = strings.TrimPrefix(s, "$")
	s = strings.TrimPrefix(s, "us$")
	s = strings.TrimSuffix(s, "usd")
	s = strings.ReplaceAll(s, ",", "")
	s = strings.TrimSpace(s)
	mult := 1.0
	for _, suf := range []struct {
		s string
		m float64
	}{{"billion", 1e9}, {"million", 1e6}, {"thousand", 1e3}, {"bn", 1e9}, {"mn", 1e6}, {"b", 1e9}, {"m", 1e6}, {"k", 1e3}} {
		if t, ok := strings.CutSuffix(s, suf.s); ok {
			s, mult = strings.TrimSpace(t), suf.m
			break
		}
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x < 0 || x*mult > 1e15 {
		return nil, fmt.Errorf("%q: want a dollar amount such as 620000000, $620,000,000 or 620m", v)
	}
	n := int64(x*mult + 0.5)
	return &n, nil
}

// groupEqual says whether a and b agree on every field of Set key k.
func groupEqual(a, b heistwatch.Fields, k string) bool {
	for _, name := range formFields {
		if setKey(name) == k && FieldValue(a, name) != FieldValue(b, name) {
			return false
		}
	}
	return true
}

// CopyField copies field name from src into dst, together with the fields
// that travel with it (an amount's qualifier and upper bound).
func CopyField(dst *heistwatch.Fields, src heistwatch.Fields, name string) {
	copyGroup(dst, src, setKey(name))
}

// copyGroup copies the fields of Set key k from src into dst.
func copyGroup(dst *heistwatch.Fields, src heistwatch.Fields, k string) {
	for _, name := range formFields {
		if setKey(name) == k {
			_ = ParseField(dst, name, FieldValue(src, name)) // src's values already passed parseField
		}
	}
}

// errNoChange aborts an update that would change nothing.
var errNoChange = heistwatch.Errorf(heistwatch.CodeInvalid, "nothing changed")

// applyEdits sets the reviewer's values in on inc (field name → text as
// ParseField reads it) and returns an audit entry per changed field. A
// value equal to the extracted one drops the edit, so "reviewer value"
// only shows where the reviewer disagrees with the text.
func applyEdits(inc *heistwatch.Incident, in map[string]string, action string) ([]heistwatch.AuditEntry, error) {
	for name := range in {
		if !slices.Contains(formFields, name) {
			return nil, heistwatch.Errorf(heistwatch.CodeInvalid, "unknown field %q (fields: %s)", name, strings.Join(formFields, ", "))
		}
	}
	eff := inc.Effective()
	next := eff
	var changed []string
	for _, name := range formFields {
		v, ok := in[name]
		if !ok {
			continue
		}
		if err := ParseField(&next, name, v); err != nil {
			return nil, heistwatch.Errorf(heistwatch.CodeInvalid, "%s: %v", name, err)
		}
		if FieldValue(next, name) != FieldValue(eff, name) {
			changed = append(changed, name)
		}
	}
	if len(changed) == 0 {
		return nil, errNoChange
	}
	var entries []heistwatch.AuditEntry
	done := map[string]bool{}
	for _, name := range changed {
		entries = append(entries, heistwatch.AuditEntry{Action: action, Field: name,
			Before: FieldValue(eff, name), After: FieldValue(next, name)})
		k := setKey(name)
		if done[k] {
			continue
		}
		done[k] = true
		copyGroup(&inc.Edits.Fields, next, k)
		inc.Edits.Set = slices.DeleteFunc(inc.Edits.Set, func(s string) bool { return s == k })
		if !groupEqual(next, inc.Extracted, k) {
			inc.Edits.Set = append(inc.Edits.Set, k)
		}
	}
	slices.Sort(inc.Edits.Set)
	return entries, nil
}
