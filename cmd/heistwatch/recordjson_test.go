package main

import (
	"bytes"
	"encoding/json"
	"math"
	"testing"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/extract"
)

// encodeJSON is what extract --jsonl wrote before appendRecord: the
// reference appendRecord must match byte for byte.
func encodeJSON(t *testing.T, rec extract.Record) ([]byte, error) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := enc.Encode(rec)
	return buf.Bytes(), err
}

func checkRecord(t *testing.T, rec extract.Record) {
	t.Helper()
	want, err := encodeJSON(t, rec)
	got, ok := appendRecord([]byte("kept:"), rec)
	if err != nil {
		if ok {
			t.Errorf("encoding/json refuses %+v (%v), appendRecord wrote %s", rec, err, got)
		}
		return
	}
	if !ok || !bytes.Equal(got, append([]byte("kept:"), want...)) {
		t.Errorf("appendRecord:\n got %s\nwant kept:%s", got, want)
	}
}

func TestAppendRecord(t *testing.T) {
	i64 := func(v int64) *int64 { return &v }
	str := func(s string) *string { return &s }
	tests := []struct {
		name string
		rec  extract.Record
	}{
		{"empty", extract.NewRecord("a", extract.Result{})},
		{"nil lists", extract.Record{ID: "b"}},
		{"every field", extract.Record{ID: "c\"<&>", Incidents: []extract.IncidentJSON{{
			Victim: "Ex\u2028change\\", AmountUSD: i64(1_340_000_000), AmountQualifier: "over", AmountUSDMax: i64(2e9),
			AmountNative: &heistwatch.Money{Value: 4500.25, Unit: "BTC"}, Actor: str("Lazarus Group"),
			ActorFamily: str("DPRK"), Attribution: str("attributed"), AttributedBy: str("FBI"), Date: str("2024-05"),
			Technique: str("exploit"), Confidence: 0.875, Rules: []string{"r1", "r\t2"},
			Evidence: []heistwatch.Evidence{{Text: "line\nbreak \x01\x0b\x1f\x7f\b\f\r é\u2029 \xff", Start: 3, End: 40}},
		}, {Victim: "", Rules: []string{}, Evidence: nil, Confidence: 1e-7}},
			Aggregates: []extract.AggregateJSON{{ActorFamily: str("DPRK"), Actor: str("APT38"), AmountUSD: i64(6e8),
				Period: "2017-2023", Confidence: 1e21, Rules: nil, Evidence: []heistwatch.Evidence{}},
				{Period: "", Confidence: 123456789.125}}}},
		{"tiny and huge numbers", extract.Record{ID: "d", Incidents: []extract.IncidentJSON{{
			AmountNative: &heistwatch.Money{Value: 1.5e-9, Unit: ""}, Confidence: -2.5e300}}}},
		{"NaN left to encoding/json", extract.Record{ID: "e", Aggregates: []extract.AggregateJSON{{Confidence: math.NaN()}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { checkRecord(t, tc.rec) })
	}
}

// TestAppendRecordCorpus holds appendRecord to encoding/json on every
// record the extractor makes of the dev corpus.
func TestAppendRecordCorpus(t *testing.T) {
	x, err := extract.New("")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	corpusLines(t, func(line []byte) {
		var in jsonlInput
		if err := json.Unmarshal(line, &in); err != nil {
			t.Fatal(err)
		}
		res := x.Extract(extract.Input{Text: in.Text, Title: in.Title, Published: in.Published})
		checkRecord(t, extract.NewRecord(in.ID, res))
		n++
	})
	if n == 0 {
		t.Fatal("no articles read")
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add("plain")
	f.Add("\u2028\xff\x00\"\\<")
	f.Fuzz(func(t *testing.T, s string) {
		checkRecord(t, extract.Record{ID: s, Aggregates: []extract.AggregateJSON{{Period: s, Rules: []string{s}}}})
	})
}
