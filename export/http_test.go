package export

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"
)

func TestHandler(t *testing.T) {
	st := fixtureStore(t)
	now := func() time.Time { return time.Date(2025, 4, 12, 0, 0, 0, 0, time.UTC) }
	srv := httptest.NewServer(Handler(st, nil, Options{Now: now, Actors: gazetteer()}))
	defer srv.Close()

	golden := func(format string) string {
		b, err := os.ReadFile("testdata/export." + format + ".golden")
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, tc := range []struct {
		name, query string
		status      int
		ctype       string
		body        string   // exact body, when set
		contains    []string // else substrings of the body
		wantIDs     []int64  // for NDJSON
	}{
		{name: "default is approved JSON", query: "", status: 200, ctype: "application/json", body: golden(JSON)},
		{name: "csv", query: "?format=csv", status: 200, ctype: "text/csv; charset=utf-8", body: golden(CSV)},
		{name: "stix", query: "?format=STIX", status: 200, ctype: "application/stix+json;version=2.1", body: golden(STIX)},
		{name: "ndjson filtered", query: "?format=ndjson&actor_family=dprk", status: 200, ctype: "application/x-ndjson", wantIDs: []int64{1, 2, 8}},
		{name: "since duration", query: "?format=ndjson&since=49h", status: 200, ctype: "application/x-ndjson", wantIDs: []int64{4, 5, 7, 8}},
		{name: "since date, all statuses", query: "?format=ndjson&since=2025-05-01&status=all", status: 200, ctype: "application/x-ndjson", wantIDs: []int64{6, 7, 8}},
		{name: "bad format", query: "?format=xml", status: 400, contains: []string{`unknown export format \"xml\"`}},
		{name: "bad status", query: "?status=done", status: 400, contains: []string{"unknown status"}},
		{name: "bad since", query: "?since=soon", status: 400, contains: []string{"bad --since"}},
		{name: "since last refused", query: "?since=last", status: 400, contains: []string{"since=last"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, err := http.Get(srv.URL + "/api/export" + tc.query)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, b)
			}
			if tc.ctype != "" && resp.Header.Get("Content-Type") != tc.ctype {
				t.Errorf("Content-Type %q, want %q", resp.Header.Get("Content-Type"), tc.ctype)
			}
			if tc.body != "" && string(b) != tc.body {
				t.Errorf("body differs from the command's output")
			}
			for _, s := range tc.contains {
				if !strings.Contains(string(b), s) {
					t.Errorf("body %s lacks %q", b, s)
				}
			}
			if tc.wantIDs != nil {
				if got := ids(t, b); !equalIDs(got, tc.wantIDs) {
					t.Errorf("ids %v, want %v", got, tc.wantIDs)
				}
			}
		})
	}

	resp, err := http.Post(srv.URL+"/api/export", "text/plain", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", resp.StatusCode)
	}
}

// TestHandlerStoreError: a store failure before anything was sent is a 500
// with a JSON error that does not leak the internal message.
func TestHandlerStoreError(t *testing.T) {
	st := fixtureStore(t)
	st.fail = errors.New("sql: database is locked at /secret/path")
	rec := httptest.NewRecorder()
	Handler(st, nil, Options{}).ServeHTTP(rec, httptest.NewRequest("GET", "/api/export?format=json", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", rec.Code)
	}
	var body map[string]string
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body["error"] == "" {
		t.Fatalf("body %q, want a JSON error", rec.Body.String())
	}
	if strings.Contains(body["error"], "secret") {
		t.Errorf("internal error leaked: %s", body["error"])
	}
	if rec.Header().Get("Content-Disposition") != "" {
		t.Errorf("an error response is not an attachment")
	}
}

func equalIDs(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
