package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/cluster"
	"github.com/heistwatch/heistwatch/store"
)

// reviewArticle is one stored article with the claim extracted from it.
type reviewArticle struct {
	key      string // victim key
	evidence string
	fields   heistwatch.Fields
}

func usdPtr(v int64) *int64 { return &v }

// reviewFixture is a small queue: three articles on the Ronin theft with two
// figures, two Bithumb thefts a year apart, and one article whose text
// carries a terminal escape sequence.
var reviewFixture = []reviewArticle{
	{"ronin", "Hackers stole $620 million from the Ronin Network in March 2022.",
		heistwatch.Fields{Victim: "Ronin Network", AmountUSD: usdPtr(620000000), Date: "2022-03", Technique: "key-compromise"}},
	{"ronin", "The FBI said the Lazarus Group was behind the $625 million Ronin theft.",
		heistwatch.Fields{Victim: "Ronin", AmountUSD: usdPtr(625000000), Actor: "Lazarus Group", ActorFamily: "DPRK",
			Attribution: heistwatch.Confirmed, AttributedBy: "FBI", Date: "2022-03-23"}},
	{"ronin", "Ronin Network lost $620 million.", heistwatch.Fields{Victim: "Ronin Network", AmountUSD: usdPtr(620000000)}},
	{"bithumb", "Bithumb lost $7 million in 2017.", heistwatch.Fields{Victim: "Bithumb", AmountUSD: usdPtr(7000000), Date: "2017-06"}},
	{"bithumb", "Bithumb was robbed of $31 million in June 2018.\x1b[2J",
		heistwatch.Fields{Victim: "Bithumb", AmountUSD: usdPtr(31000000), Date: "2018-06"}},
}

// newReviewStore builds a SQLite store holding reviewFixture, clustered, and
// returns its path.
func newReviewStore(t *testing.T) string {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hw.db")
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i, a := range reviewFixture {
		text := "Lead paragraph. " + a.evidence
		start := len([]rune("Lead paragraph. "))
		d := heistwatch.Document{URL: fmt.Sprintf("https://news.example/a/%d.html", i+1), Title: fmt.Sprintf("Story %d", i+1), Text: text}
		c := heistwatch.Claim{Kind: heistwatch.KindIncident, Fields: a.fields, VictimKey: a.key, Confidence: 0.7,
			Rules: []string{"test"}, Evidence: []heistwatch.Evidence{{Text: a.evidence, Start: start, End: start + len([]rune(a.evidence))}}}
		if _, _, err := st.SaveDocument(ctx, 0, d, []heistwatch.Claim{c}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := st.ClusterClaims(ctx, cluster.New(), reviewNow); err != nil {
		t.Fatal(err)
	}
	return path
}

var reviewNow = time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)

// runReview runs the binary's code path against the store at path.
func runReview(t *testing.T, path string, args ...string) (int, string, string) {
	t.Helper()
	env := map[string]string{"HEISTWATCH_STORE": path, "HEISTWATCH_DATA_DIR": filepath.Dir(path), "USER": "tester"}
	var out, errOut bytes.Buffer
	code := run(context.Background(), append([]string{"review"}, args...), func(k string) string { return env[k] },
		strings.NewReader(""), &out, &errOut)
	return code, out.String(), errOut.String()
}

// listJSON returns `review list --json` with extra flags, decoded.
func listJSON(t *testing.T, path string, flags ...string) []incidentRow {
	t.Helper()
	code, out, errOut := runReview(t, path, append([]string{"list", "--json", "--order", "id"}, flags...)...)
	if code != 0 {
		t.Fatalf("review list: exit %d: %s", code, errOut)
	}
	var rows []incidentRow
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatalf("review list --json is not an array of incidents: %v\n%s", err, out)
	}
	return rows
}

func TestReviewListJSON(t *testing.T) {
	path := newReviewStore(t)
	rows := listJSON(t, path, "--status", "pending")
	if len(rows) != 3 {
		t.Fatalf("%d pending incidents, want 3 (one Ronin, two Bithumb): %+v", len(rows), rows)
	}
	ronin := rows[0]
	if ronin.Victim != "Ronin Network" || *ronin.AmountUSD != 620000000 || ronin.ActorFamily != "DPRK" ||
		ronin.Attribution != heistwatch.Confirmed || ronin.AttributedBy != "FBI" || ronin.Date != "2022-03-23" ||
		ronin.SourceCount != 3 || ronin.Status != heistwatch.StatusPending || ronin.ID == 0 {
		t.Errorf("Ronin row = %+v", ronin)
	}
	if rows[1].SourceCount != 1 || rows[2].SourceCount != 1 || *rows[1].AmountUSD == *rows[2].AmountUSD {
		t.Errorf("Bithumb rows = %+v / %+v, want two incidents of one source each", rows[1], rows[2])
	}

	// The raw JSON carries the names scripts read.
	_, out, _ := runReview(t, path, "list", "--json")
	var raw []map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "victim", "amount_usd", "amount_native", "actor", "actor_family", "attribution",
		"attributed_by", "date", "technique", "status", "confidence", "source_count"} {
		if _, ok := raw[0][k]; !ok {
			t.Errorf("list --json lacks %q: %v", k, raw[0])
		}
	}

	filters := []struct {
		flags []string
		want  int
	}{
		{[]string{"--status", "approved"}, 0},
		{[]string{"--victim", "bithumb"}, 2},
		{[]string{"--actor-family", "DPRK"}, 1},
		{[]string{"--search", "lazarus"}, 1},
		{[]string{"--limit", "2"}, 2},
		{[]string{"--order", "amount", "--limit", "1"}, 1},
	}
	for _, f := range filters {
		if got := listJSON(t, path, f.flags...); len(got) != f.want {
			t.Errorf("list %v: %d incidents, want %d", f.flags, len(got), f.want)
		}
	}
	if got := listJSON(t, path, "--order", "amount", "--limit", "1"); len(got) == 1 && *got[0].AmountUSD != 620000000 {
		t.Errorf("--order amount: first is %+v, want the $620M one", got[0])
	}
	if code, out, _ := runReview(t, path, "list", "--status", "approved", "--json"); code != 0 || strings.TrimSpace(out) != "[]" {
		t.Errorf("empty list --json = %q (exit %d), want []", out, code)
	}
}

func TestReviewListTableAndShow(t *testing.T) {
	path := newReviewStore(t)
	code, out, errOut := runReview(t, path, "list")
	if code != 0 {
		t.Fatalf("list: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"ID", "VICTIM", "Ronin Network", "$620M", "Lazarus Group (DPRK, confirmed)", "3 of 3 incidents"} {
		if !strings.Contains(out, want) {
			t.Errorf("list table lacks %q:\n%s", want, out)
		}
	}
	id := listJSON(t, path)[0].ID
	code, out, errOut = runReview(t, path, "show", fmt.Sprint(id))
	if code != 0 {
		t.Fatalf("show: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"figures (sources disagree): $620M (2 sources) / $625M (1 source)",
		"https://news.example/a/1.html", "https://news.example/a/2.html", "https://news.example/a/3.html",
		"> The FBI said the Lazarus Group was behind the $625 million Ronin theft.", "attributed_by", "FBI"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	// show --json has the sources and the figures.
	_, out, _ = runReview(t, path, "show", fmt.Sprint(id), "--json")
	var detail struct {
		ID      int64               `json:"id"`
		Figures []cluster.Figure    `json:"figures"`
		Sources []heistwatch.Source `json:"sources"`
	}
	if err := json.Unmarshal([]byte(out), &detail); err != nil || detail.ID != id || len(detail.Sources) != 3 || len(detail.Figures) != 2 {
		t.Errorf("show --json: %v, %+v", err, detail)
	}
	// Article text cannot drive the terminal.
	for _, row := range listJSON(t, path, "--victim", "bithumb") {
		_, out, _ := runReview(t, path, "show", fmt.Sprint(row.ID))
		if strings.Contains(out, "\x1b") {
			t.Errorf("show printed an escape sequence from article text:\n%q", out)
		}
	}
	if code, _, errOut := runReview(t, path, "show", "999"); code != 3 || !strings.Contains(errOut, "999") {
		t.Errorf("show 999: exit %d, %q; want 3 naming the id", code, errOut)
	}
}

func TestReviewApproveReject(t *testing.T) {
	path := newReviewStore(t)
	rows := listJSON(t, path)
	a, b, c := rows[0].ID, rows[1].ID, rows[2].ID
	code, out, errOut := runReview(t, path, "approve", fmt.Sprint(a), "4242", fmt.Sprint(b))
	if code != 3 {
		t.Errorf("approve with a missing id: exit %d, want 3", code)
	}
	if !strings.Contains(errOut, "4242") || !strings.Contains(out, fmt.Sprintf("incident %d approved", a)) ||
		!strings.Contains(out, fmt.Sprintf("incident %d approved", b)) {
		t.Errorf("approve output: stdout %q stderr %q", out, errOut)
	}
	if got := listJSON(t, path, "--status", "approved"); len(got) != 2 || got[0].ReviewedBy != "cli:tester" {
		t.Errorf("approved = %+v, want 2 reviewed by cli:tester", got)
	}
	if code, _, errOut := runReview(t, path, "reject", fmt.Sprint(c), "--as", "alice"); code != 0 {
		t.Fatalf("reject: exit %d: %s", code, errOut)
	}
	if got := listJSON(t, path, "--status", "pending"); len(got) != 0 {
		t.Errorf("still pending: %+v", got)
	}
	// Approving again changes nothing and says so.
	if code, out, _ := runReview(t, path, "approve", fmt.Sprint(a)); code != 0 || !strings.Contains(out, "already approved") {
		t.Errorf("approve twice: exit %d, %q", code, out)
	}
	code, out, _ = runReview(t, path, "log", "--json")
	var entries []heistwatch.AuditEntry
	if err := json.Unmarshal([]byte(out), &entries); err != nil || code != 0 {
		t.Fatalf("log --json: exit %d, %v", code, err)
	}
	var sawAlice, sawTester bool
	for _, e := range entries {
		sawAlice = sawAlice || (e.Actor == "alice" && e.Action == "reject" && e.IncidentID == c && e.After == "rejected")
		sawTester = sawTester || (e.Actor == "cli:tester" && e.Action == "approve" && e.Before == "pending")
	}
	if !sawAlice || !sawTester {
		t.Errorf("audit log lacks the decisions: %+v", entries)
	}
	if code, out, _ := runReview(t, path, "log", fmt.Sprint(c)); code != 0 || !strings.Contains(out, "alice") || strings.Contains(out, "cli:tester") {
		t.Errorf("log %d: exit %d:\n%s", c, code, out)
	}
}

// TestReviewListNeedsLook lists reviewed incidents that a new article
// joined since, and checks that approving one again takes it off the list.
func TestReviewListNeedsLook(t *testing.T) {
	path := newReviewStore(t)
	rows := listJSON(t, path)
	ronin, bithumb := rows[0].ID, rows[1].ID
	if code, _, errOut := runReview(t, path, "approve", fmt.Sprint(ronin), fmt.Sprint(bithumb)); code != 0 {
		t.Fatalf("approve: %s", errOut)
	}
	if got := listJSON(t, path, "--needs-look"); len(got) != 0 {
		t.Fatalf("--needs-look before any new article = %+v", got)
	}
	// A fourth Ronin article arrives after the review.
	ctx := context.Background()
	st, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	ev := "Ronin Network's $620 million loss is the largest of 2022."
	c := heistwatch.Claim{Kind: heistwatch.KindIncident, VictimKey: "ronin", Confidence: 0.7, Rules: []string{"test"},
		Fields:   heistwatch.Fields{Victim: "Ronin Network", AmountUSD: usdPtr(620000000), Date: "2022-03"},
		Evidence: []heistwatch.Evidence{{Text: ev, Start: 0, End: len([]rune(ev))}}}
	if _, _, err := st.SaveDocument(ctx, 0, heistwatch.Document{URL: "https://news.example/a/later.html", Text: ev}, []heistwatch.Claim{c}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.ClusterClaims(ctx, cluster.New(), reviewNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	st.Close()
	got := listJSON(t, path, "--needs-look")
	if len(got) != 1 || got[0].ID != ronin || !got[0].NeedsLook || got[0].Status != heistwatch.StatusApproved {
		t.Fatalf("--needs-look = %+v, want only the approved Ronin incident %d", got, ronin)
	}
	if code, _, errOut := runReview(t, path, "approve", fmt.Sprint(ronin)); code != 0 {
		t.Fatalf("approve again: %s", errOut)
	}
	if got := listJSON(t, path, "--needs-look"); len(got) != 0 {
		t.Fatalf("--needs-look after approving again = %+v, want none", got)
	}
}

func TestReviewEdit(t *testing.T) {
	path := newReviewStore(t)
	id := fmt.Sprint(listJSON(t, path)[0].ID)
	code, _, errOut := runReview(t, path, "edit", id, "--set", "amount_usd=$622M", "--set", "technique=social-engineering",
		"--set", "actor_family=dprk", "--set", "amount_native=173600 ETH")
	if code != 0 {
		t.Fatalf("edit: exit %d: %s", code, errOut)
	}
	row := listJSON(t, path)[0]
	if *row.AmountUSD != 622000000 || row.Technique != "social-engineering" || row.ActorFamily != "DPRK" ||
		row.AmountNative == nil || row.AmountNative.Unit != "ETH" || len(row.Edited) != 4 {
		t.Errorf("after edit: %+v", row)
	}
	_, out, _ := runReview(t, path, "show", id)
	if !strings.Contains(out, "$622M") || !strings.Contains(out, "(reviewer; extracted: $620M)") {
		t.Errorf("show does not give both values:\n%s", out)
	}
	var detail struct {
		Extracted heistwatch.Fields `json:"extracted"`
	}
	_, out, _ = runReview(t, path, "show", id, "--json")
	if err := json.Unmarshal([]byte(out), &detail); err != nil || *detail.Extracted.AmountUSD != 620000000 {
		t.Errorf("the extracted value was lost: %v %+v", err, detail.Extracted)
	}
	if code, _, _ := runReview(t, path, "edit", id, "--unset", "technique"); code != 0 {
		t.Errorf("unset: exit %d", code)
	}
	if row := listJSON(t, path)[0]; row.Technique != "key-compromise" {
		t.Errorf("after --unset technique = %q, want the extracted key-compromise", row.Technique)
	}

	bad := [][]string{
		{"--set", "amount_usd=lots"},
		{"--set", "actor_family=North Korea"},
		{"--set", "attribution=probably"},
		{"--set", "date=March 2022"},
		{"--set", "date=2022-13"},
		{"--set", "technique=hacking"},
		{"--set", "colour=red"},
		{"--set", "victim"},
		{"--set", "amount_native=12"},
		{"--unset", "colour"},
		{"--set", "victim=A", "--set", "victim=B"},
		{},
	}
	before := listJSON(t, path)[0]
	for _, b := range bad {
		args := []string{"edit", id}
		if len(b) > 0 {
			// A valid edit beside the bad one must not be applied either.
			args = append(args, "--set", "victim=Sky Mavis")
		}
		code, _, errOut := runReview(t, path, append(args, b...)...)
		if code != 2 || errOut == "" {
			t.Errorf("edit %v: exit %d %q, want 2 with a message", b, code, errOut)
		}
	}
	if after := listJSON(t, path)[0]; after.Version != before.Version || after.Victim != before.Victim {
		t.Errorf("a refused edit changed the incident: %+v -> %+v", before, after)
	}

	// A stale version is a conflict, recorded in the audit log.
	code, _, errOut = runReview(t, path, "edit", id, "--version", "1", "--set", "victim=Sky Mavis", "--as", "bob")
	if code != 4 || !strings.Contains(errOut, "conflict") {
		t.Errorf("stale edit: exit %d %q, want 4 conflict", code, errOut)
	}
	_, out, _ = runReview(t, path, "log", id, "--json")
	var entries []heistwatch.AuditEntry
	_ = json.Unmarshal([]byte(out), &entries)
	if len(entries) == 0 || entries[0].Action != "conflict" || entries[0].Actor != "bob" {
		t.Errorf("newest audit entry = %+v, want bob's refused edit", entries)
	}
	var edits int
	for _, e := range entries {
		if e.Action == "edit" && e.Field == "amount_usd" && e.Before == "620000000" && e.After == "622000000" {
			edits++
		}
	}
	if edits != 1 {
		t.Errorf("audit log lacks the amount edit with before and after: %+v", entries)
	}
}

func TestReviewMergeSplit(t *testing.T) {
	path := newReviewStore(t)
	rows := listJSON(t, path, "--victim", "bithumb")
	a, b := fmt.Sprint(rows[0].ID), fmt.Sprint(rows[1].ID)
	if code, out, errOut := runReview(t, path, "merge", a, b); code != 0 || !strings.Contains(out, "2 source(s)") {
		t.Fatalf("merge: exit %d %q %q", code, out, errOut)
	}
	if got := listJSON(t, path, "--victim", "bithumb"); len(got) != 1 || got[0].SourceCount != 2 {
		t.Errorf("after merge: %+v, want one incident with two sources", got)
	}
	if got := listJSON(t, path, "--status", "merged"); len(got) != 1 || fmt.Sprint(got[0].MergedInto) != a {
		t.Errorf("merged incidents: %+v", got)
	}
	if code, _, _ := runReview(t, path, "merge", a, b); code == 0 {
		t.Error("merging an already merged incident succeeded")
	}
	var detail struct {
		Sources []heistwatch.Source `json:"sources"`
	}
	_, out, _ := runReview(t, path, "show", a, "--json")
	if err := json.Unmarshal([]byte(out), &detail); err != nil || len(detail.Sources) != 2 {
		t.Fatalf("show after merge: %v %s", err, out)
	}
	doc := fmt.Sprint(detail.Sources[1].DocumentID)
	if code, out, errOut := runReview(t, path, "split", a, "--document", doc); code != 0 || !strings.Contains(out, "new pending incident") {
		t.Fatalf("split: exit %d %q %q", code, out, errOut)
	}
	if got := listJSON(t, path, "--victim", "bithumb"); len(got) != 2 {
		t.Errorf("after split: %d Bithumb incidents, want 2", len(got))
	}
	if code, _, _ := runReview(t, path, "split", a, "--document", "777"); code != 2 {
		t.Errorf("split of a document not in the incident: exit %d, want 2", code)
	}
}

func TestReviewUsage(t *testing.T) {
	path := newReviewStore(t)
	for _, sub := range []string{"list", "show", "approve", "reject", "edit", "merge", "split", "log"} {
		code, out, _ := runReview(t, path, sub, "--help")
		if code != 0 || !strings.Contains(out, "heistwatch review "+sub) {
			t.Errorf("review %s --help: exit %d:\n%s", sub, code, out)
		}
	}
	bad := [][]string{{}, {"frobnicate"}, {"show"}, {"show", "x"}, {"approve"}, {"merge", "1"}, {"split", "1"},
		{"list", "--status", "done"}, {"list", "--order", "size"}, {"list", "--from", "yesterday"}, {"log", "1", "2"}}
	for _, args := range bad {
		if code, _, errOut := runReview(t, path, args...); code != 2 || errOut == "" {
			t.Errorf("review %v: exit %d %q, want 2 with a message", args, code, errOut)
		}
	}
}

// TestReviewConcurrentEdits has two reviewers edit one incident from the same
// version at once: exactly one wins, the other gets a conflict (exit 4), and
// the audit log holds both attempts.
func TestReviewConcurrentEdits(t *testing.T) {
	path := newReviewStore(t)
	row := listJSON(t, path)[0]
	id, version := fmt.Sprint(row.ID), fmt.Sprint(row.Version)
	codes := make(chan int, 2)
	for _, who := range []string{"alice", "bob"} {
		go func() {
			code, _, _ := runReview(t, path, "edit", id, "--version", version, "--set", "actor=set by "+who, "--as", who)
			codes <- code
		}()
	}
	got := []int{<-codes, <-codes}
	if !(got[0] == 0 && got[1] == 4 || got[0] == 4 && got[1] == 0) {
		t.Fatalf("exit codes %v, want one 0 and one 4", got)
	}
	_, out, _ := runReview(t, path, "log", id, "--json")
	var entries []heistwatch.AuditEntry
	if err := json.Unmarshal([]byte(out), &entries); err != nil {
		t.Fatal(err)
	}
	actions := map[string]string{}
	for _, e := range entries {
		if e.Actor == "alice" || e.Actor == "bob" {
			actions[e.Action] = e.Actor
		}
	}
	winner := listJSON(t, path)[0].Actor
	if actions["edit"] == "" || actions["conflict"] == "" || actions["edit"] == actions["conflict"] ||
		winner != "set by "+actions["edit"] {
		t.Errorf("audit %v, actor now %q: want one edit by the winner and one conflict by the other", actions, winner)
	}
}
