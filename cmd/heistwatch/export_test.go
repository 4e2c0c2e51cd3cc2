package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store"
)

// exportClusterer opens one incident per claim with the claim's values.
type exportClusterer struct{}

func (exportClusterer) Match(heistwatch.Claim, []heistwatch.Incident) int64 { return 0 }
func (exportClusterer) Summarize(cs []heistwatch.Claim) (heistwatch.Fields, float64) {
	return cs[0].Fields, cs[0].Confidence
}

// seedExport stores n pending incidents (victims "Venue 0"…) in the CLI's
// store and returns their ids in order.
func seedExport(t *testing.T, c *cli, n int) []int64 {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, c.env["HEISTWATCH_STORE"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range n {
		usd := int64(1_000_000 * (i + 1))
		text := fmt.Sprintf("Hackers stole $%d million from Venue %d.", i+1, i)
		claim := heistwatch.Claim{Kind: heistwatch.KindIncident, VictimKey: fmt.Sprintf("venue %d", i), Confidence: 0.8,
			Fields:   heistwatch.Fields{Victim: fmt.Sprintf("Venue %d", i), AmountUSD: &usd, Actor: "Lazarus", ActorFamily: "DPRK"},
			Evidence: []heistwatch.Evidence{{Text: text, Start: 0, End: len(text)}}}
		doc := heistwatch.Document{URL: fmt.Sprintf("https://news.example/a/%d.html", i), Title: fmt.Sprintf("Venue %d hacked", i), Text: text}
		if _, _, err := st.SaveDocument(ctx, 0, doc, []heistwatch.Claim{claim}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.ClusterClaims(ctx, exportClusterer{}, time.Time{}); err != nil {
		t.Fatal(err)
	}
	incs, _, err := st.Incidents(ctx, heistwatch.IncidentQuery{Order: "id"})
	if err != nil || len(incs) != n {
		t.Fatalf("seeded %d incidents, %v; want %d", len(incs), err, n)
	}
	ids := make([]int64, n)
	for i, inc := range incs {
		ids[i] = inc.ID
	}
	return ids
}

// approveIDs approves incidents through the store, as a reviewer would.
func approveIDs(t *testing.T, c *cli, ids ...int64) {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, c.env["HEISTWATCH_STORE"])
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, id := range ids {
		inc, err := st.Incident(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := st.UpdateIncident(ctx, id, inc.Version, "alice", func(i *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
			i.Status, i.ReviewedBy, i.ReviewedAt = heistwatch.StatusApproved, "alice", time.Now().UTC()
			return []heistwatch.AuditEntry{{Action: "approve"}}, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
}

func exportedIDs(t *testing.T, ndjson string) []int64 {
	t.Helper()
	var out []int64
	for _, line := range strings.Split(strings.TrimSpace(ndjson), "\n") {
		if line == "" {
			continue
		}
		var r struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("NDJSON line %q: %v", line, err)
		}
		out = append(out, r.ID)
	}
	return out
}

func TestExportCommand(t *testing.T) {
	c := newCLI(t)
	ids := seedExport(t, c, 3)
	approveIDs(t, c, ids[0], ids[1])
	dir := t.TempDir()
	out := filepath.Join(dir, "inc.ndjson")
	read := func() string {
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}

	var all []map[string]any
	if err := json.Unmarshal([]byte(c.ok("export", "--format", "json")), &all); err != nil || len(all) != 2 {
		t.Fatalf("export --format json: %d incidents, %v; want the 2 approved", len(all), err)
	}
	if got := exportedIDs(t, c.ok("export", "--format", "ndjson", "--status", "all")); len(got) != 3 {
		t.Errorf("--status all exported %v, want all 3", got)
	}

	c.ok("export", "--format", "ndjson", "--since", "last", "--out", out)
	if got := exportedIDs(t, read()); fmt.Sprint(got) != fmt.Sprint(ids[:2]) {
		t.Fatalf("first --since last: %v, want %v", got, ids[:2])
	}
	c.ok("export", "--format", "ndjson", "--since", "last", "--out", out)
	if got := read(); got != "" {
		t.Fatalf("second --since last wrote %q, want nothing new", got)
	}
	approveIDs(t, c, ids[2])
	// A failed export (the directory does not exist) moves no cursor.
	if code, _, _ := c.run("export", "--format", "ndjson", "--since", "last", "--out", filepath.Join(dir, "missing", "x")); code == 0 {
		t.Fatal("export into a missing directory succeeded")
	}
	c.ok("export", "--format", "ndjson", "--since", "last", "--out", out)
	if got := exportedIDs(t, read()); fmt.Sprint(got) != fmt.Sprint(ids[2:]) {
		t.Fatalf("after approving one more: %v, want exactly %v", got, ids[2:])
	}
	// Full exports are byte-identical run to run.
	if a, b := c.ok("export", "--format", "stix"), c.ok("export", "--format", "stix"); a != b || !strings.Contains(a, `"type":"bundle"`) {
		t.Error("two full STIX exports differ")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("output directory holds %d entries, want just the export (no temporary files)", len(entries))
	}

	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"export"}, "--format is required"},
		{[]string{"export", "--format", "xml"}, `unknown export format "xml"`},
		{[]string{"export", "--format", "csv", "--since", "soon"}, "bad --since"},
		{[]string{"export", "--format", "csv", "--status", "done"}, "unknown status"},
	} {
		code, _, errOut := c.run(tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("heistwatch %v: exit %d, %q; want exit 2 mentioning %q", tc.args, code, errOut, tc.want)
		}
	}
}

// TestAtomicFile: an aborted export leaves the previous file untouched and
// no temporary file behind; a committed one replaces it.
func TestAtomicFile(t *testing.T) {
	dir := t.TempDir()
	dest := filepath.Join(dir, "out.csv")
	if err := os.WriteFile(dest, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := createAtomic(dest)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("half")
	f.abort()
	if b, _ := os.ReadFile(dest); string(b) != "old" {
		t.Errorf("after abort the file holds %q, want the old content", b)
	}
	f, err = createAtomic(dest)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString("new")
	if err := f.commit(); err != nil {
		t.Fatal(err)
	}
	f.abort() // after commit: nothing to undo
	if b, _ := os.ReadFile(dest); string(b) != "new" {
		t.Errorf("after commit the file holds %q, want the new content", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d entries in the directory, want 1", len(entries))
	}
}
