package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runWithStdin runs one command with the given standard input.
func runWithStdin(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{"HEISTWATCH_DATA_DIR": t.TempDir()}
	code := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(stdin), &out, &errOut)
	return code, out.String(), errOut.String()
}

func TestExtractJSONLContract(t *testing.T) {
	in := `{"id":"a1","text":"Hackers stole $12 million from the Brazilian exchange Quorbix. North Korea's Lazarus Group was blamed.","title":"","published":"2024-05-20","url":"https://example.org/a1"}
{"id":"bad", "text": oops}

{"id":"a3","text":"Police seized $3 million from a money launderer.","title":"t","published":"","url":""}
`
	code, out, errOut := runWithStdin(t, in, "extract", "--jsonl")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "line 2") {
		t.Errorf("stderr does not name the bad line: %q", errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d output lines, want 3 (one per non-blank input):\n%s", len(lines), out)
	}
	var recs []map[string]any
	for _, l := range lines {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("output line not JSON: %v: %s", err, l)
		}
		recs = append(recs, m)
	}
	if recs[0]["id"] != "a1" || recs[1]["id"] != "bad" || recs[2]["id"] != "a3" {
		t.Errorf("ids: %v %v %v", recs[0]["id"], recs[1]["id"], recs[2]["id"])
	}
	incs := recs[0]["incidents"].([]any)
	if len(incs) != 1 {
		t.Fatalf("a1: %d incidents, want 1: %s", len(incs), lines[0])
	}
	inc := incs[0].(map[string]any)
	for _, k := range []string{"victim", "amount_usd", "amount_native", "actor", "actor_family", "attribution",
		"attributed_by", "date", "technique", "confidence", "evidence"} {
		if _, ok := inc[k]; !ok {
			t.Errorf("incident lacks %q: %s", k, lines[0])
		}
	}
	if inc["victim"] != "Quorbix" || inc["amount_usd"].(float64) != 12e6 || inc["actor_family"] != "DPRK" {
		t.Errorf("incident: %s", lines[0])
	}
	ev := inc["evidence"].([]any)[0].(map[string]any)
	if ev["start"].(float64) != 0 || ev["text"] == "" {
		t.Errorf("evidence: %v", ev)
	}
	for _, r := range recs[1:] {
		if len(r["incidents"].([]any)) != 0 || len(r["aggregates"].([]any)) != 0 {
			t.Errorf("%v: want empty lists, got %v", r["id"], r)
		}
	}
	if !strings.Contains(lines[2], `"incidents":[]`) {
		t.Errorf("empty incidents must be [] not null: %s", lines[2])
	}
}

func TestExtractJSONLLenient(t *testing.T) {
	// invalid UTF-8, a duplicate key, a null title and an unknown field are read, not refused
	in := "{\"id\":\"u\",\"text\":\"Hackers stole $12 million from the Quorbix exchange \xff.\",\"title\":null,\"gold\":{},\"id\":\"u\"}\n"
	code, out, errOut := runWithStdin(t, in, "extract", "--jsonl")
	if code != 0 || errOut != "" || !strings.Contains(out, `"victim":"Quorbix"`) {
		t.Errorf("exit %d, stderr %q, out %s", code, errOut, out)
	}
}

func TestExtractNullFamily(t *testing.T) {
	in := `{"id":"n","text":"Hackers stole $12 million from the Brazilian exchange Quorbix."}` + "\n"
	_, out, _ := runWithStdin(t, in, "extract", "--jsonl")
	if !strings.Contains(out, `"actor_family":null`) {
		t.Errorf("actor_family must be JSON null when there is none: %s", out)
	}
}

func TestExtractHTMLAndText(t *testing.T) {
	code, out, errOut := runWithStdin(t, "", "extract", "--json", "../../extract/testdata/article.html", "../../extract/testdata/plain.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	var got []map[string]any
	for dec.More() {
		var m map[string]any
		if err := dec.Decode(&m); err != nil {
			t.Fatal(err)
		}
		got = append(got, m)
	}
	if len(got) != 2 {
		t.Fatalf("%d results, want 2: %s", len(got), out)
	}
	html := got[0]["incidents"].([]any)
	if len(html) != 1 {
		t.Fatalf("HTML: %d incidents, want 1 (scripts must not count): %s", len(html), out)
	}
	inc := html[0].(map[string]any)
	if inc["victim"] != "Quorbix" || inc["date"] != "2024-05-18" || inc["actor_family"] != "DPRK" {
		t.Errorf("HTML incident: %v", inc)
	}
	txt := got[1]["incidents"].([]any)
	if len(txt) != 1 || txt[0].(map[string]any)["victim"] != "Ostavia" {
		t.Errorf("text incidents: %v", txt)
	}
}

func TestExtractHumanAndExplain(t *testing.T) {
	text := "Crypto lender Ostavia suffered a $25 million breach on Tuesday. Police separately seized $3 million."
	code, out, _ := runWithStdin(t, text, "extract")
	if code != 0 || !strings.Contains(out, "incident  Ostavia") || !strings.Contains(out, "$25 million") {
		t.Errorf("human output (exit %d):\n%s", code, out)
	}
	_, out, _ = runWithStdin(t, text, "extract", "--explain")
	for _, want := range []string{"rules:", "victim.lost", "near misses", "seized"} {
		if !strings.Contains(out, want) {
			t.Errorf("--explain lacks %q:\n%s", want, out)
		}
	}
}

func TestExtractUsage(t *testing.T) {
	code, out, _ := runWithStdin(t, "", "extract", "--help")
	if code != 0 || !strings.Contains(out, "--jsonl") {
		t.Errorf("--help: exit %d\n%s", code, out)
	}
	if code, _, _ := runWithStdin(t, "", "extract", "--json", "--jsonl"); code != 2 {
		t.Errorf("--json --jsonl together: exit %d, want 2", code)
	}
	if code, _, errOut := runWithStdin(t, "", "extract", "no/such/file.txt"); code == 0 || !strings.Contains(errOut, "no/such/file.txt") {
		t.Errorf("missing file: exit %d, stderr %q", code, errOut)
	}
	if code, _, _ := runWithStdin(t, "", "extract", "--rules", "no/such/rules.yaml"); code == 0 {
		t.Error("missing rules file must fail")
	}
}

// BenchmarkExtractJSONL measures `extract --jsonl` end to end, JSON included,
// over the dev corpus (skipped when ../shared is absent).
func BenchmarkExtractJSONL(b *testing.B) {
	files, _ := filepath.Glob("../../../shared/corpus/dev/*.jsonl")
	if len(files) == 0 {
		b.Skip("no dev corpus")
	}
	var in bytes.Buffer
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		in.Write(data)
	}
	b.SetBytes(int64(in.Len()))
	env := map[string]string{"HEISTWATCH_DATA_DIR": b.TempDir()}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var out, errOut bytes.Buffer
		if code := run(context.Background(), []string{"extract", "--jsonl"}, func(k string) string { return env[k] },
			bytes.NewReader(in.Bytes()), &out, &errOut); code != 0 {
			b.Fatalf("exit %d: %s", code, errOut.String())
		}
	}
}
