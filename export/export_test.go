package export

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/extract"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden from the current output")

func export(t *testing.T, st heistwatch.Store, opts Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := Write(context.Background(), &buf, st, opts); err != nil {
		t.Fatalf("Write %s: %v", opts.Format, err)
	}
	return buf.Bytes()
}

func defaults(format string) Options {
	return Options{Format: format, Query: heistwatch.IncidentQuery{Status: DefaultStatus}, Actors: gazetteer()}
}

// gazetteer is the actor lookup cmd/heistwatch passes: the extractor's
// embedded actors.
func gazetteer() func(string) (ActorInfo, bool) {
	x, err := extract.New("")
	if err != nil {
		panic(err)
	}
	return GazetteerActors(x)
}

// TestGolden pins every format's bytes on the fixture store; go test
// -update rewrites the files after a deliberate change (review the diff:
// the formats are a stable contract).
func TestGolden(t *testing.T) {
	for _, format := range Formats {
		t.Run(format, func(t *testing.T) {
			st := fixtureStore(t)
			got := export(t, st, defaults(format))
			again := export(t, st, defaults(format))
			if !bytes.Equal(got, again) {
				t.Fatalf("two exports of the same data differ")
			}
			path := filepath.Join("testdata", "export."+format+".golden")
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from %s (go test -update rewrites it):\n%s", path, firstDiff(got, want))
			}
		})
	}
}

func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + a + "\nwant: " + b
		}
	}
	return ""
}

// TestJSONRoundTrip parses the JSON export back and finds the same
// incidents: effective (reviewer-edited) values, sources, evidence; NDJSON
// carries the same records line by line.
func TestJSONRoundTrip(t *testing.T) {
	st := fixtureStore(t)
	var recs []Record
	dec := json.NewDecoder(bytes.NewReader(export(t, st, defaults(JSON))))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&recs); err != nil {
		t.Fatalf("JSON export does not parse as []Record: %v", err)
	}
	want := st.approved()
	if len(recs) != len(want) {
		t.Fatalf("%d records, want %d approved incidents", len(recs), len(want))
	}
	for i, rec := range recs {
		inc := want[i]
		if rec.ID != inc.ID || rec.Status != heistwatch.StatusApproved {
			t.Errorf("record %d: id %d status %s, want id %d approved", i, rec.ID, rec.Status, inc.ID)
		}
		if got, want := rec.Fields(), inc.Effective(); !reflect.DeepEqual(got, want) {
			t.Errorf("incident %d fields:\n got %+v\nwant %+v", inc.ID, got, want)
		}
		if deref(rec.ReviewedBy) != inc.ReviewedBy {
			t.Errorf("incident %d reviewed_by %v, want %q", inc.ID, rec.ReviewedBy, inc.ReviewedBy)
		}
		if at, err := time.Parse(time.RFC3339Nano, deref(rec.ReviewedAt)); err != nil || !at.Equal(inc.ReviewedAt) {
			t.Errorf("incident %d reviewed_at %v, want %v", inc.ID, deref(rec.ReviewedAt), inc.ReviewedAt)
		}
		if at, err := time.Parse(time.RFC3339Nano, rec.UpdatedAt); err != nil || !at.Equal(inc.UpdatedAt) {
			t.Errorf("incident %d updated_at %v, want %v", inc.ID, rec.UpdatedAt, inc.UpdatedAt)
		}
		if len(rec.Sources) != len(inc.Sources) {
			t.Fatalf("incident %d: %d sources, want %d", inc.ID, len(rec.Sources), len(inc.Sources))
		}
		for j, s := range rec.Sources {
			w := inc.Sources[j]
			if s.URL != w.URL || deref(s.Title) != w.Title || !reflect.DeepEqual(s.Evidence, nonNil(w.Evidence)) {
				t.Errorf("incident %d source %d: got %+v, want %+v", inc.ID, j, s, w)
			}
			if w.Published.IsZero() != (s.Published == nil) {
				t.Errorf("incident %d source %d published %v, want %v", inc.ID, j, s.Published, w.Published)
			}
		}
	}
	// The edited incident exports the reviewer's values, not the extractor's.
	if recs[1].ID != 2 || *recs[1].AmountUSD != 1460000000 || *recs[1].Actor != "Lazarus Group" || *recs[1].AttributedBy != "FBI" {
		t.Errorf("incident 2 should carry the reviewer's edits: %+v", recs[1])
	}

	sc := bufio.NewScanner(bytes.NewReader(export(t, st, defaults(NDJSON))))
	sc.Buffer(nil, 1<<20)
	i := 0
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatalf("NDJSON line %d: %v", i+1, err)
		}
		if i >= len(recs) || !reflect.DeepEqual(r, recs[i]) {
			t.Errorf("NDJSON line %d differs from JSON record", i+1)
		}
		i++
	}
	if i != len(recs) {
		t.Errorf("NDJSON has %d lines, JSON %d records", i, len(recs))
	}
}

func nonNil(ev []heistwatch.Evidence) []heistwatch.Evidence {
	if ev == nil {
		return []heistwatch.Evidence{}
	}
	return ev
}

// TestCSVInjection: every text cell a spreadsheet would run as a formula is
// neutralised, while the CSV still parses (RFC 4180) to one row per incident.
func TestCSVInjection(t *testing.T) {
	st := fixtureStore(t)
	out := export(t, st, defaults(CSV))
	if !bytes.HasSuffix(out, []byte("\r\n")) || bytes.Contains(bytes.ReplaceAll(out, []byte("\r\n"), nil), []byte("\n,")) {
		t.Errorf("records must end with CRLF")
	}
	// (encoding/csv drops the CR inside the quoted evidence cell on reading.)
	rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	if !reflect.DeepEqual(rows[0], CSVColumns) {
		t.Errorf("header %v, want %v", rows[0], CSVColumns)
	}
	if len(rows)-1 != len(st.approved()) {
		t.Fatalf("%d rows, want %d", len(rows)-1, len(st.approved()))
	}
	for _, r := range rows[1:] {
		for j, c := range r {
			if c != "" && strings.ContainsRune("=+-@\t\r\n", rune(c[0])) {
				t.Errorf("incident %s column %s starts like a formula: %q", r[0], CSVColumns[j], c)
			}
		}
	}
	col := func(row []string, name string) string {
		for j, n := range CSVColumns {
			if n == name {
				return row[j]
			}
		}
		t.Fatalf("no column %s", name)
		return ""
	}
	var evil []string
	for _, r := range rows[1:] {
		if r[0] == "4" {
			evil = r
		}
	}
	for _, tc := range []struct{ column, want string }{
		{"victim", `'=HYPERLINK("http://evil.example/","Click")`},
		{"actor", `'+cmd|' /C calc'!A0`},
		{"attributed_by", "'@SUM(1+1)"},
		{"technique", "'\tphishing"},
		{"amount_native_unit", "'-BTC"},
		{"reviewed_by", "'-carol"},
		{"source_titles", `'-2+3, then "quotes", commas`},
		{"evidence", "'Line one,\nline two with \"quotes\" and a comma, then 업비트 and ünïcödé."},
		{"amount_native_value", "12.5"},
		{"amount_usd", ""},
	} {
		if got := col(evil, tc.column); got != tc.want {
			t.Errorf("incident 4 %s = %q, want %q", tc.column, got, tc.want)
		}
	}
}

func TestCell(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Bybit", "Bybit"},
		{"=1+1", "'=1+1"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@A1", "'@A1"},
		{"\tx", "'\tx"},
		{"\rx", "'\rx"},
		{"\nx", "'\nx"},
		{"a=1", "a=1"},
		{"\x00=1", "'=1"},
		{"'quoted", "'quoted"},
	} {
		if got := cell(tc.in); got != tc.want {
			t.Errorf("cell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFilters(t *testing.T) {
	st := fixtureStore(t)
	for _, tc := range []struct {
		name   string
		status string
		family string
		since  time.Time
		want   []int64
	}{
		{"default approved", "", "", time.Time{}, []int64{1, 2, 4, 5, 7, 8}},
		{"all", "all", "", time.Time{}, []int64{1, 2, 3, 4, 5, 6, 7, 8}},
		{"pending,rejected", "pending,rejected", "", time.Time{}, []int64{3, 6}},
		{"DPRK", "", "DPRK", time.Time{}, []int64{1, 2, 8}},
		{"since", "", "", time.Date(2025, 4, 10, 0, 0, 0, 0, time.UTC), []int64{5, 7, 8}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, err := ParseStatus(tc.status)
			if err != nil {
				t.Fatal(err)
			}
			opts := Options{Format: NDJSON, Query: heistwatch.IncidentQuery{Status: status, ActorFamily: tc.family, ChangedSince: tc.since}}
			if got := ids(t, export(t, st, opts)); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("ids %v, want %v", got, tc.want)
			}
		})
	}
	if _, err := ParseStatus("approved,done"); heistwatch.ErrorCode(err) != heistwatch.CodeInvalid {
		t.Errorf("unknown status: err %v, want an invalid-input error", err)
	}
}

// ids reads the incident ids out of an NDJSON export.
func ids(t *testing.T, ndjson []byte) []int64 {
	t.Helper()
	var out []int64
	for _, line := range strings.Split(strings.TrimSpace(string(ndjson)), "\n") {
		if line == "" {
			continue
		}
		var r Record
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("NDJSON line %q: %v", line, err)
		}
		out = append(out, r.ID)
	}
	return out
}

// TestIncremental: the first `--since last` export takes everything, the
// next nothing, and after one more approval exactly that one; a failed
// write or commit leaves the cursor where it was.
func TestIncremental(t *testing.T) {
	ctx := context.Background()
	st := fixtureStore(t)
	run := func(opts Options, commit func() error) ([]int64, error) {
		var buf bytes.Buffer
		_, err := WriteIncremental(ctx, &buf, st, opts, commit)
		return ids(t, buf.Bytes()), err
	}
	opts := defaults(NDJSON)
	if got, err := run(opts, nil); err != nil || !reflect.DeepEqual(got, []int64{1, 2, 4, 5, 7, 8}) {
		t.Fatalf("first incremental export: %v, %v; want everything approved", got, err)
	}
	if got, err := run(opts, nil); err != nil || len(got) != 0 {
		t.Fatalf("second incremental export: %v, %v; want nothing", got, err)
	}
	// Another format keeps its own cursor: its first run still takes everything.
	if r, err := WriteIncremental(ctx, io.Discard, st, defaults(CSV), nil); err != nil || r.Count != 6 {
		t.Fatalf("first incremental CSV export: %d incidents, %v; want 6", r.Count, err)
	}

	// A reviewer approves incident 3.
	st.incidents[2].Status = heistwatch.StatusApproved
	st.incidents[2].UpdatedAt = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	before := st.cursors[CursorName(opts)]

	if _, err := run(opts, func() error { return errors.New("rename failed") }); err == nil {
		t.Fatal("a failing commit should fail the export")
	}
	if st.cursors[CursorName(opts)] != before {
		t.Fatal("a failed commit moved the cursor")
	}
	st.fail = errors.New("disk on fire")
	_, err := run(opts, nil)
	if !errors.Is(err, st.fail) {
		t.Fatalf("store failure: err %v", err)
	}
	st.fail = nil
	if st.cursors[CursorName(opts)] != before {
		t.Fatal("a failed write moved the cursor")
	}
	if got, err := run(opts, nil); err != nil || !reflect.DeepEqual(got, []int64{3}) {
		t.Fatalf("after one more approval: %v, %v; want exactly [3]", got, err)
	}
	if got, err := run(opts, nil); err != nil || len(got) != 0 {
		t.Fatalf("then: %v, %v; want nothing", got, err)
	}

	// Incident 1, exported as approved, is rejected; incident 6, never
	// approved, is edited. Only 1 comes out, as withdrawn (status rejected).
	later := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	st.incidents[0].Status, st.incidents[0].UpdatedAt = heistwatch.StatusRejected, later
	st.incidents[5].UpdatedAt = later
	st.audit = map[int64][]heistwatch.AuditEntry{
		1: {{IncidentID: 1, Action: "reject", Field: "status", Before: "approved", After: "rejected", At: later}},
		6: {{IncidentID: 6, Action: "edit", Field: "victim", Before: "a", After: "b", At: later},
			{IncidentID: 6, Action: "reject", Field: "status", Before: "pending", After: "rejected"}},
	}
	var buf bytes.Buffer
	r, err := WriteIncremental(ctx, &buf, st, opts, nil)
	if got := ids(t, buf.Bytes()); err != nil || !reflect.DeepEqual(got, []int64{1}) || r.Withdrawn != 1 {
		t.Fatalf("after a rejection: %v (%d withdrawn), %v; want exactly [1] withdrawn", got, r.Withdrawn, err)
	}
	if !strings.Contains(buf.String(), `"status":"rejected"`) {
		t.Fatalf("the withdrawn record does not say it is rejected: %s", buf.String())
	}
	if got, err := run(opts, nil); err != nil || len(got) != 0 {
		t.Fatalf("after the withdrawal: %v, %v; want nothing", got, err)
	}
	// STIX revokes the incident and its report under their ids.
	st.cursors[CursorName(defaults(STIX))] = "2026-01-15T00:00:00Z"
	buf.Reset()
	if _, err := WriteIncremental(ctx, &buf, st, defaults(STIX), nil); err != nil {
		t.Fatal(err)
	}
	var bundle struct {
		Objects []map[string]any `json:"objects"`
	}
	if err := json.Unmarshal(buf.Bytes(), &bundle); err != nil {
		t.Fatalf("STIX with a withdrawal: %v", err)
	}
	revoked := map[string]bool{}
	for _, o := range bundle.Objects {
		if o["revoked"] == true {
			revoked[o["type"].(string)] = true
		}
	}
	if !revoked["incident"] || !revoked["report"] || len(revoked) != 2 {
		t.Fatalf("revoked objects by type %v, want an incident and a report", revoked)
	}
}

func TestCursorName(t *testing.T) {
	for _, tc := range []struct {
		opts Options
		want string
	}{
		{defaults(STIX), "export.stix"},
		{Options{Format: CSV}, "export.csv.status=all"},
		{Options{Format: JSON, Query: heistwatch.IncidentQuery{Status: DefaultStatus, ActorFamily: "DPRK"}}, "export.json.actor_family=DPRK"},
		{Options{Format: JSON, Query: heistwatch.IncidentQuery{Status: []heistwatch.Status{"pending", "approved"}}}, "export.json.status=pending,approved"},
	} {
		if got := CursorName(tc.opts); got != tc.want {
			t.Errorf("CursorName = %q, want %q", got, tc.want)
		}
	}
}

func TestParseSince(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		in   string
		want time.Time
		bad  bool
	}{
		{in: "2026-01-02T15:04:05Z", want: time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)},
		{in: "2026-01-02T15:04:05.25+01:00", want: time.Date(2026, 1, 2, 14, 4, 5, 250e6, time.UTC)},
		{in: "2026-01-02", want: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)},
		{in: "36h", want: time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)},
		{in: "7d", want: time.Date(2026, 3, 3, 12, 0, 0, 0, time.UTC)},
		{in: "yesterday", bad: true},
		{in: "-5h", bad: true},
		{in: "1.5d", bad: true},
		{in: "2026-13-01", bad: true},
	} {
		got, err := ParseSince(tc.in, now)
		if tc.bad {
			if heistwatch.ErrorCode(err) != heistwatch.CodeInvalid {
				t.Errorf("ParseSince(%q) = %v, %v; want an invalid-input error", tc.in, got, err)
			}
			continue
		}
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("ParseSince(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	_, err := Write(context.Background(), &buf, fixtureStore(t), Options{Format: "xml"})
	if heistwatch.ErrorCode(err) != heistwatch.CodeInvalid || buf.Len() != 0 {
		t.Errorf("format xml: err %v, %d bytes written; want an invalid-input error and nothing written", err, buf.Len())
	}
}

// TestEmpty: with nothing to export every format is still a valid document.
func TestEmpty(t *testing.T) {
	st := &memStore{}
	for _, tc := range []struct{ format, want string }{
		{JSON, "[]\n"},
		{NDJSON, ""},
		{CSV, strings.Join(CSVColumns, ",") + "\r\n"},
	} {
		if got := string(export(t, st, defaults(tc.format))); got != tc.want {
			t.Errorf("empty %s export = %q, want %q", tc.format, got, tc.want)
		}
	}
	var bundle struct {
		Type    string           `json:"type"`
		ID      string           `json:"id"`
		Objects []map[string]any `json:"objects"`
	}
	if err := json.Unmarshal(export(t, st, defaults(STIX)), &bundle); err != nil || bundle.Type != "bundle" || len(bundle.Objects) == 0 {
		t.Errorf("empty STIX export: %v %+v", err, bundle)
	}
}
