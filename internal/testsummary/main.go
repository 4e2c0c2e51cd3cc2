// Command testsummary reads `go test -json` output and prints a short
// report: each package's result, the output of every failed test, and every
// skipped test with the reason it gave — so a run on a machine without
// PostgreSQL or Chromium says plainly what it did not check.
//
// It exits 1 when a test failed or a package did not build, and, with
// -fail-on-skip (CI), when any test was skipped.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

type event struct {
	Action  string
	Package string
	Test    string
	Output  string
	Elapsed float64
}

type key struct{ pkg, test string }

func main() {
	failOnSkip := flag.Bool("fail-on-skip", false, "exit 1 when any test was skipped")
	flag.Parse()
	os.Exit(summarize(os.Stdin, os.Stdout, *failOnSkip))
}

func summarize(r io.Reader, w io.Writer, failOnSkip bool) int {
	output := map[key][]string{}
	var failed, skipped []key
	pkgResult := map[string]string{}
	var pkgs []string
	var stray []string // lines that are not JSON: build errors
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	passed := 0
	for sc.Scan() {
		line := sc.Bytes()
		var e event
		if len(line) == 0 || line[0] != '{' || json.Unmarshal(line, &e) != nil {
			stray = append(stray, string(line))
			continue
		}
		k := key{e.Package, e.Test}
		switch e.Action {
		case "output":
			output[k] = append(output[k], e.Output)
		case "fail":
			if e.Test != "" {
				failed = append(failed, k)
			} else {
				if _, seen := pkgResult[e.Package]; !seen {
					pkgs = append(pkgs, e.Package)
				}
				pkgResult[e.Package] = fmt.Sprintf("FAIL %s (%.1fs)", e.Package, e.Elapsed)
			}
		case "skip":
			if e.Test != "" {
				skipped = append(skipped, k)
			} else if _, seen := pkgResult[e.Package]; !seen {
				pkgs = append(pkgs, e.Package)
				pkgResult[e.Package] = "no tests " + e.Package
			}
		case "pass":
			if e.Test != "" {
				passed++
			} else {
				if _, seen := pkgResult[e.Package]; !seen {
					pkgs = append(pkgs, e.Package)
				}
				pkgResult[e.Package] = fmt.Sprintf("ok   %s (%.1fs)", e.Package, e.Elapsed)
			}
		}
	}
	sort.Strings(pkgs)
	for _, p := range pkgs {
		fmt.Fprintln(w, pkgResult[p])
	}
	for _, s := range stray {
		if strings.TrimSpace(s) != "" {
			fmt.Fprintln(w, s)
		}
	}
	for _, k := range failed {
		fmt.Fprintf(w, "\n--- FAIL %s %s\n%s", k.pkg, k.test, strings.Join(output[k], ""))
	}
	if len(skipped) > 0 {
		fmt.Fprintf(w, "\nskipped %d tests (a missing prerequisite is named in each reason):\n", len(skipped))
		for _, k := range skipped {
			fmt.Fprintf(w, "  %s %s: %s\n", k.pkg, k.test, skipReason(output[k]))
		}
	}
	pkgFails := 0
	for _, p := range pkgs {
		if strings.HasPrefix(pkgResult[p], "FAIL") {
			pkgFails++
		}
	}
	fmt.Fprintf(w, "\n%d tests passed, %d failed, %d skipped; %d packages failed\n", passed, len(failed), len(skipped), pkgFails)
	if len(failed) > 0 || pkgFails > 0 || hasBuildErrors(stray) {
		return 1
	}
	if failOnSkip && len(skipped) > 0 {
		fmt.Fprintln(w, "FAIL: tests were skipped and -fail-on-skip is set")
		return 1
	}
	return 0
}

// skipReason picks the message a test gave to t.Skip from its output.
func skipReason(lines []string) string {
	for i := len(lines) - 1; i >= 0; i-- {
		l := strings.TrimSpace(lines[i])
		if l == "" || strings.HasPrefix(l, "--- SKIP") || strings.HasPrefix(l, "=== ") {
			continue
		}
		if j := strings.Index(l, ": "); j >= 0 && strings.Contains(l[:j], ".go:") {
			return l[j+2:]
		}
		return l
	}
	return "(no reason given)"
}

func hasBuildErrors(stray []string) bool {
	for _, s := range stray {
		if strings.Contains(s, "build failed") || strings.HasPrefix(s, "# ") {
			return true
		}
	}
	return false
}
