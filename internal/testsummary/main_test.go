package main

import (
	"bytes"
	"strings"
	"testing"
)

const stream = `{"Action":"run","Package":"p/a","Test":"TestOK"}
{"Action":"pass","Package":"p/a","Test":"TestOK"}
{"Action":"output","Package":"p/a","Test":"TestPG","Output":"    pg_test.go:12: HEISTWATCH_TEST_POSTGRES is not set\n"}
{"Action":"output","Package":"p/a","Test":"TestPG","Output":"--- SKIP: TestPG (0.00s)\n"}
{"Action":"skip","Package":"p/a","Test":"TestPG"}
{"Action":"pass","Package":"p/a","Elapsed":0.5}
`

func TestSkipReported(t *testing.T) {
	var out bytes.Buffer
	if code := summarize(strings.NewReader(stream), &out, false); code != 0 {
		t.Errorf("exit %d without -fail-on-skip\n%s", code, out.String())
	}
	if !strings.Contains(out.String(), "TestPG: HEISTWATCH_TEST_POSTGRES is not set") {
		t.Errorf("skip reason missing:\n%s", out.String())
	}
	out.Reset()
	if code := summarize(strings.NewReader(stream), &out, true); code != 1 {
		t.Errorf("exit %d with -fail-on-skip and a skipped test, want 1", code)
	}
}

func TestFailure(t *testing.T) {
	s := `{"Action":"output","Package":"p/b","Test":"TestX","Output":"    x_test.go:3: boom\n"}
{"Action":"fail","Package":"p/b","Test":"TestX"}
{"Action":"fail","Package":"p/b","Elapsed":1}
`
	var out bytes.Buffer
	if code := summarize(strings.NewReader(s), &out, false); code != 1 {
		t.Errorf("exit %d for a failed test, want 1", code)
	}
	if !strings.Contains(out.String(), "boom") {
		t.Errorf("failure output missing:\n%s", out.String())
	}
}

func TestBuildError(t *testing.T) {
	s := "# p/c\nc.go:1:1: syntax error\n" + `{"Action":"fail","Package":"p/c","Elapsed":0}` + "\n"
	var out bytes.Buffer
	if code := summarize(strings.NewReader(s), &out, false); code != 1 {
		t.Errorf("exit %d for a build error, want 1", code)
	}
}
