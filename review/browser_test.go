package review

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/heistwatch/heistwatch"
)

var (
	updateScreenshots = flag.Bool("update-screenshots", false, "copy the incident page screenshot to docs/screenshot-incident.png")
	screenshotDir     = flag.String("screenshot-dir", "", "keep the browser test's screenshots in this directory (default: the test's temp dir)")
)

// chromiumPath finds a Chromium binary, or "" when there is none.
func chromiumPath() string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// newChrome starts headless Chromium for one test.
func newChrome(t *testing.T) context.Context {
	t.Helper()
	bin := chromiumPath()
	if bin == "" {
		t.Skip("no chromium binary found (Debian: apt-get install -y chromium); skipping the browser test")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(bin),
		chromedp.Flag("no-sandbox", true), // needed as root, harmless otherwise
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.WindowSize(1280, 1000),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 120*time.Second)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium %s: %v", bin, err)
	}
	return ctx
}

// TestBrowserReview drives the UI in real headless Chromium: sign in, approve
// with the keyboard, edit an amount, merge two incidents, undo the merge,
// checking the store after each step.
func TestBrowserReview(t *testing.T) {
	ctx := newChrome(t)
	st := openStore(t)
	ids := loadFixture(t, st, "incidents.json")
	addUser(t, st, "alice", heistwatch.RoleReviewer, "alice-password")
	srv := startServer(t, st, nil)
	shots := *screenshotDir
	if shots == "" {
		shots = t.TempDir()
	}
	bg := context.Background()

	pending, _, err := st.Incidents(bg, heistwatch.IncidentQuery{Status: []heistwatch.Status{heistwatch.StatusPending}})
	if err != nil || len(pending) < 3 {
		t.Fatalf("fixture: %d pending, %v", len(pending), err)
	}
	first, second := pending[0], pending[1]
	incSel := func(id int64) chromedp.CSS { return chromedp.CSS(fmt.Sprintf(`#incident[data-id="%d"]`, id)) }
	run := func(step string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, actions...); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}
	get := func(step string, a chromedp.Action[string]) string {
		t.Helper()
		v, err := chromedp.Run(ctx, a)
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return v
	}
	keysReady := chromedp.WaitVisible(chromedp.CSS(`body[data-keys="ready"]`))
	shot := func(step string) []byte {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		return png
	}

	// Sign in: the queue sends us to the sign-in form first.
	run("open the queue", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("password")))
	loc := get("location", chromedp.Location())
	if !strings.Contains(loc, "/signin") {
		t.Fatalf("without a session / went to %s, want the sign-in page", loc)
	}
	run("sign in",
		chromedp.SendKeys(chromedp.ID("name"), "alice"),
		chromedp.SendKeys(chromedp.ID("password"), "alice-password"),
		chromedp.Click(chromedp.ID("signin")),
		chromedp.WaitVisible(chromedp.ID("queue")), keysReady)
	queuePNG := shot("screenshot the queue")
	writeShot(t, filepath.Join(shots, "queue.png"), queuePNG)

	// Open the first incident with "o" and approve it with "a".
	run("open the first incident", chromedp.KeyEvent("o"), chromedp.WaitVisible(incSel(first.ID)), keysReady)
	writeShot(t, filepath.Join(shots, "incident.png"), shot("screenshot the incident"))
	started := time.Now()
	run("approve with a", chromedp.KeyEvent("a"), chromedp.WaitVisible(incSel(second.ID)), keysReady)
	t.Logf("approve → next incident shown in the browser: %v", time.Since(started))
	if got := mustIncident(t, st, first.ID); got.Status != heistwatch.StatusApproved || got.ReviewedBy != "alice" {
		t.Fatalf("after a: incident %d is %s by %q", first.ID, got.Status, got.ReviewedBy)
	}

	// Edit the amount of the incident now shown: e opens the form on it.
	run("edit the amount",
		chromedp.KeyEvent("e"),
		chromedp.WaitVisible(chromedp.ID("edit-amount_usd")),
		// e focuses the amount with its text selected, so typing replaces it
		// and Enter saves.
		chromedp.KeyEvent("123.4m"),
		chromedp.KeyEvent("\r"),
		chromedp.WaitVisible(chromedp.ID("message")))
	edited := mustIncident(t, st, second.ID)
	if eff := edited.Effective(); eff.AmountUSD == nil || *eff.AmountUSD != 123400000 {
		t.Fatalf("after the edit the amount is %v; the page says %q", usd(eff.AmountUSD), get("message", chromedp.Text(chromedp.ID("message"))))
	}

	// Merge Stake.com into Stake with m.
	dst, src := ids["Stake"], ids["Stake.com"]
	srcBefore := mustIncident(t, st, src).Status
	run("open Stake", chromedp.Navigate(fmt.Sprintf("%s/incidents/%d", srv.URL, dst)), chromedp.WaitVisible(incSel(dst)), keysReady)
	run("merge with m",
		chromedp.KeyEvent("m"),
		chromedp.WaitVisible(chromedp.ID("merge-other")),
		chromedp.SendKeys(chromedp.ID("merge-other"), fmt.Sprint(src)+"\r"),
		chromedp.WaitVisible(chromedp.ID("message")), keysReady)
	if got := mustIncident(t, st, src); got.Status != heistwatch.StatusMerged || got.MergedInto != dst {
		t.Fatalf("after the merge incident %d is %s into %d", src, got.Status, got.MergedInto)
	}
	if n := len(mustIncident(t, st, dst).Sources); n != 2 {
		t.Fatalf("after the merge incident %d has %d sources", dst, n)
	}

	// Undo with u brings Stake.com back.
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent("u"))); err != nil {
		t.Fatalf("undo with u: %v", err)
	}
	msg := get("message", chromedp.Text(chromedp.ID("message")))
	if !strings.Contains(msg, "Undone") {
		t.Fatalf("after u the page says %q", msg)
	}
	if got := mustIncident(t, st, src); got.Status != srcBefore || len(got.Sources) != 1 {
		t.Fatalf("after undo incident %d is %s with %d sources, want %s with 1", src, got.Status, len(got.Sources), srcBefore)
	}
	if n := len(mustIncident(t, st, dst).Sources); n != 1 {
		t.Fatalf("after undo incident %d still has %d sources", dst, n)
	}
	// The help overlay answers "?".
	run("help", chromedp.KeyEvent("?"), chromedp.WaitVisible(chromedp.ID("help")))

	// The README's picture: an incident whose three sources disagree.
	run("open Bybit", chromedp.Navigate(fmt.Sprintf("%s/incidents/%d", srv.URL, ids["Bybit"])), chromedp.WaitVisible(chromedp.ID("figures")))
	bybit := shot("screenshot Bybit")
	// j walks to the next incident of the queue.
	run("next with j", keysReady, chromedp.KeyEvent("j"), chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf(`#incident:not([data-id="%d"])`, ids["Bybit"]))))
	writeShot(t, filepath.Join(shots, "incident-conflict.png"), bybit)
	if *updateScreenshots {
		writeShot(t, filepath.Join("..", "docs", "screenshot-incident.png"), bybit)
	}
	t.Logf("screenshots in %s", shots)
}

func writeShot(t *testing.T, path string, png []byte) {
	t.Helper()
	if len(png) < 1000 {
		t.Fatalf("screenshot %s is only %d bytes", path, len(png))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
}
