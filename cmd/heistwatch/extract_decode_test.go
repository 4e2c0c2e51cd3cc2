package main

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// decodeLine is what extractJSONL does with one input line: the plain fast
// path, else encoding/json.
func decodeLine(b []byte) (jsonlInput, bool, error) {
	var in jsonlInput
	var buf []byte
	if in.decodePlain(b, &buf) {
		return in, true, nil
	}
	in = jsonlInput{}
	err := json.Unmarshal(b, &in)
	return in, false, err
}

// sameAsJSON checks that a line decodes exactly as json.Unmarshal decodes it,
// error or not.
func sameAsJSON(t *testing.T, line string) (plain bool) {
	t.Helper()
	var want jsonlInput
	werr := json.Unmarshal([]byte(line), &want)
	got, plain, gerr := decodeLine([]byte(line))
	if (werr == nil) != (gerr == nil) || (werr != nil && werr.Error() != gerr.Error()) {
		t.Fatalf("%q: error %v, json.Unmarshal says %v", line, gerr, werr)
	}
	if werr == nil && got != want {
		t.Fatalf("%q: decoded %+v, json.Unmarshal gives %+v", line, got, want)
	}
	return plain
}

func TestDecodePlainMatchesJSON(t *testing.T) {
	for _, tc := range []struct {
		line  string
		plain bool // whether the fast path should take it
	}{
		{`{"id":"a","text":"Hackers stole $5 million.","title":"t","published":"2024-01-02","url":"https://x"}` + "\n", true},
		{` { "id" : "a" , "text" : "x\ny" } ` + "\r\n", true},
		{"{\"id\":\"a\",\"text\":\"raw\nnewline\"}", false}, // a control character inside a string is invalid JSON
		{`{"id":"a","text":"line\none \"quoted\" \\ back\/slash \t tab \u00e9 \u20ac"}`, true},
		{`{"id":"a","text":"caf\u00E9 ünïcode ₿"}`, true},
		{`{}`, true},
		{`{"id":"a","extra":"ignored","text":"t"}`, true},
		{`{"id":"a","id":"b"}`, true}, // the last one wins, as in encoding/json
		{`{"ID":"upper"}`, false},     // case-insensitive key: left to encoding/json
		{`{"Text":"upper"}`, false},
		{`{"t\u0065xt":"escaped key"}`, true},
		{`{"id":"a","gold":{"incidents":[]}}`, false},
		{`{"id":"a","text":null}`, false},
		{`{"id":1}`, false},
		{`{"id":"a","text":"\ud83d\ude00 surrogates"}`, false},
		{`{"id":"a","text":"lone \ud83d"}`, false},
		{"{\"id\":\"a\",\"text\":\"bad \xff utf8\"}", false},
		{`{"id":"a","text":"bad \x escape"}`, false},
		{`{"id":"a","text":"short \u12"}`, false},
		{`{"id":"a",}`, false},
		{`{"id":"a"} trailing`, false},
		{`{"id":"a"`, false},
		{`{"id" "a"}`, false},
		{`["not","an","object"]`, false},
		{`"just a string"`, false},
		{`null`, false},
		{`not json at all`, false},
	} {
		if plain := sameAsJSON(t, tc.line); plain != tc.plain {
			t.Errorf("%q: fast path %v, want %v", tc.line, plain, tc.plain)
		}
	}
}

// corpusLines calls fn with every line of the dev corpora (dev and
// dev-masked), skipping the test when ../shared is absent.
func corpusLines(t *testing.T, fn func(line []byte)) {
	t.Helper()
	files, _ := filepath.Glob("../../../shared/corpus/dev*/*.jsonl")
	if len(files) == 0 {
		t.Skip("no ../shared corpus")
	}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(fh)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			fn(sc.Bytes())
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
}

// TestDecodePlainCorpus decodes every line of the dev corpus both ways.
func TestDecodePlainCorpus(t *testing.T) {
	corpusLines(t, func(line []byte) {
		sameAsJSON(t, string(line))
		// without the gold labels, as the scorer sends it: the fast path
		var m map[string]any
		if err := json.Unmarshal(line, &m); err != nil {
			t.Fatal(err)
		}
		delete(m, "gold")
		b, _ := json.Marshal(m)
		if !sameAsJSON(t, string(b)) {
			t.Errorf("%.80s: not decoded by the fast path", b)
		}
	})
}

func FuzzDecodePlain(f *testing.F) {
	f.Add(`{"id":"a","text":"x\n\u00e9","title":"t"}`)
	f.Add(`{"ID":"a"}`)
	f.Add(`{"id":"a","text":"\ud83d\ude00"}`)
	f.Fuzz(func(t *testing.T, line string) {
		sameAsJSON(t, line)
	})
}
