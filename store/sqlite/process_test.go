package sqlite_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store/sqlite"
)

// TestProcessesShareWork starts three OS processes (this test binary again)
// on one SQLite file: they claim and store items concurrently, and no item
// may be handed to two of them. Separate processes exercise SQLite's file
// locks, which connections inside one process share.
func TestProcessesShareWork(t *testing.T) {
	const items = 300
	path := filepath.Join(t.TempDir(), "procs.db")
	db, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := db.AddFeed(t.Context(), heistwatch.Feed{URL: "https://p.example/feed"})
	if err != nil {
		t.Fatal(err)
	}
	var batch []heistwatch.Item
	for i := range items {
		batch = append(batch, heistwatch.Item{GUID: fmt.Sprint(i), Link: fmt.Sprintf("https://p.example/a/%d", i), State: heistwatch.ItemPending})
	}
	if _, err := db.RecordPoll(t.Context(), heistwatch.PollResult{Owner: "p", Feed: f, Items: batch}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	var cmds []*exec.Cmd
	var outs []*bytes.Buffer
	for i := range 3 {
		cmd := exec.CommandContext(t.Context(), os.Args[0])
		cmd.Env = append(os.Environ(), "HEISTWATCH_TEST_WORKER_DB="+path, fmt.Sprintf("HEISTWATCH_TEST_WORKER_NAME=proc%d", i))
		out := &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = out, out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds, outs = append(cmds, cmd), append(outs, out)
	}
	owner := map[int64]int{}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Fatalf("worker %d: %v\n%s", i, err, outs[i])
		}
		sc := bufio.NewScanner(outs[i])
		for sc.Scan() {
			var id int64
			if _, err := fmt.Sscanf(sc.Text(), "claimed %d", &id); err == nil {
				if prev, dup := owner[id]; dup {
					t.Fatalf("item %d handed to worker %d and worker %d", id, prev, i)
				}
				owner[id] = i
			}
		}
	}
	if len(owner) != items {
		t.Fatalf("workers claimed %d items, want %d", len(owner), items)
	}
	db, err = sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.Stats(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != items || st.Items["done"] != items {
		t.Fatalf("documents %d, items %v", st.Documents, st.Items)
	}
}

// TestMain runs the binary as a worker of TestProcessesShareWork when the
// environment asks for one, and as the test binary otherwise.
func TestMain(m *testing.M) {
	if path := os.Getenv("HEISTWATCH_TEST_WORKER_DB"); path != "" {
		if err := worker(path, os.Getenv("HEISTWATCH_TEST_WORKER_NAME")); err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// worker claims and stores items until none is left, printing each claim.
func worker(path, name string) error {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	defer db.Close()
	for {
		got, err := db.ClaimItems(ctx, name, time.Now(), time.Hour, 3)
		if err != nil {
			return err
		}
		if len(got) == 0 {
			return nil
		}
		for _, it := range got {
			fmt.Println("claimed " + strconv.FormatInt(it.ID, 10))
			if _, _, err := db.SaveDocument(ctx, it.ID, heistwatch.Document{URL: it.Link, Text: "text " + it.Link}, nil); err != nil {
				return err
			}
		}
	}
}
