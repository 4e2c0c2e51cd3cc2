package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestUsersCommand(t *testing.T) {
	c := newCLI(t)
	pw := strings.TrimSpace(c.ok("users", "add", "alice", "--role", "reviewer"))
	if len(pw) < 20 {
		t.Fatalf("generated password %q is too short", pw)
	}
	tok := strings.TrimSpace(c.ok("users", "token", "alice", "--label", "ci"))
	if !strings.HasPrefix(tok, "hw_") {
		t.Fatalf("token %q", tok)
	}
	if out := c.ok("users", "list"); !strings.Contains(out, "alice") || !strings.Contains(out, "reviewer") {
		t.Fatalf("users list:\n%s", out)
	}
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"users", "add", "alice", "--role", "viewer"}, 4, "already exists"},
		{[]string{"users", "add", "bob", "--role", "boss"}, 2, "--role must be"},
		{[]string{"users", "add", "bob"}, 2, "--role must be"},
		{[]string{"users", "add", "bad name", "--role", "viewer"}, 2, "use letters"},
		{[]string{"users", "token", "nobody"}, 3, "not found"},
		{[]string{"users", "add"}, 2, "exactly one NAME"},
		{[]string{"users", "teleport"}, 2, "unknown subcommand"},
		{[]string{"users"}, 2, "want a subcommand"},
	}
	for _, tc := range cases {
		code, out, errOut := c.run(tc.args...)
		if code != tc.code || !strings.Contains(out+errOut, tc.want) {
			t.Errorf("heistwatch %v: exit %d %q, want exit %d with %q", tc.args, code, out+errOut, tc.code, tc.want)
		}
	}
	// --password-stdin reads the password and prints nothing on stdout.
	for i, tc := range []struct {
		stdin string
		code  int
	}{{"a-long-password\n", 0}, {"short\n", 2}, {"", 2}} {
		var out, errOut bytes.Buffer
		name := fmt.Sprintf("carol%d", i)
		code := run(context.Background(), []string{"users", "add", name, "--role", "viewer", "--password-stdin"},
			func(k string) string { return c.env[k] }, strings.NewReader(tc.stdin), &out, &errOut)
		if code != tc.code || out.Len() != 0 {
			t.Errorf("--password-stdin %q: exit %d, stdout %q, want exit %d and nothing", tc.stdin, code, out.String(), tc.code)
		}
	}
}

// lockedBuffer is a bytes.Buffer safe to write from the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestServeFirstRun(t *testing.T) {
	c := newCLI(t)
	c.env["HEISTWATCH_LISTEN"] = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errOut lockedBuffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return c.env[k] }, strings.NewReader(""), &out, &errOut)
	}()
	addrRe := regexp.MustCompile(`msg=listening addr=(\S+)`)
	var addr string
	for deadline := time.Now().Add(20 * time.Second); addr == "" && time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if m := addrRe.FindStringSubmatch(errOut.String()); m != nil {
			addr = m[1]
		}
	}
	if addr == "" {
		t.Fatalf("serve did not log its address:\n%s", errOut.String())
	}
	if !regexp.MustCompile(`user:\s+admin\s+password: \S{20,}`).MatchString(errOut.String()) {
		t.Errorf("first run printed no admin password:\n%s", errOut.String())
	}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Get("http://" + addr + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin") {
		t.Errorf("GET / without a session: %d → %q, want a redirect to sign in", resp.StatusCode, resp.Header.Get("Location"))
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exited %d:\n%s", code, errOut.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
	if !strings.Contains(c.ok("users", "list"), "admin") {
		t.Fatalf("admin account missing after the first run")
	}
}
