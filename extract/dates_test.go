package extract

import "testing"

// TestRelativeDates: weeks, "last <weekday>" and "... ago" resolve against
// the published date, at the precision the wording allows.
func TestRelativeDates(t *testing.T) {
	x := newTestExtractor(t)
	const theft = "Hackers stole $5 million from the Quorbix exchange "
	tests := []struct {
		when, published, want string
	}{
		{"last week.", "2024-03-20", "2024-03"},
		{"last week.", "2024-03-03", "2024-02"}, // the week before falls in February
		{"the previous week.", "2024-01-04", "2023-12"},
		{"this week.", "2024-03-03", "2024-03"},
		{"last week.", "2024-03", ""}, // no published day: a week cannot be placed
		{"last Friday.", "2023-09-14", "2023-09-08"},
		{"last Thursday.", "2023-09-14", "2023-09-07"}, // published on a Thursday: the one before
		{"on Thursday.", "2023-09-14", "2023-09-14"},
		{"three days ago.", "2024-03-02", "2024-02-28"},
		{"3 days ago.", "2024-01-02", "2023-12-30"},
		{"a day ago.", "2024-05-10", "2024-05-09"},
		{"two weeks ago.", "2024-03-10", "2024-02"},
		{"a month ago.", "2024-01-15", "2023-12"},
		{"eleven months ago.", "2024-03", "2023-04"},
		{"two years ago.", "2024-06-01", "2022"},
		{"two years ago.", "", ""},
		{"many days ago.", "2024-06-01", ""},
		{"two hours ago.", "2024-06-01", ""},
	}
	for _, tt := range tests {
		r := x.Extract(Input{Text: theft + tt.when, Published: tt.published})
		if len(r.Incidents) != 1 {
			t.Errorf("%q: %d incidents", tt.when, len(r.Incidents))
			continue
		}
		if got := r.Incidents[0].Date; got != tt.want {
			t.Errorf("%q (published %q): date %q, want %q", tt.when, tt.published, got, tt.want)
		}
	}
	// a year "ago" dates one event; it is not a period that makes an aggregate
	r := x.Extract(Input{Text: "North Korean hackers stole $600 million from the Quorbix exchange two years ago.", Published: "2024-06-01"})
	if len(r.Aggregates) != 0 || len(r.Incidents) != 1 {
		t.Errorf("two years ago: %d incidents, %d aggregates; want 1 and 0", len(r.Incidents), len(r.Aggregates))
	}
}
