package ingest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/heistwatch/heistwatch"
)

// recordingStore saves into a map; the first SaveDocument waits on gate, so
// the test can queue saves behind a commit in progress. A URL marked bad
// fails, and so does any group holding it.
type recordingStore struct {
	heistwatch.Store // only the save methods are called
	gate             chan struct{}
	bad              string

	mu     sync.Mutex
	saved  map[string]int64 // URL → item id
	groups []int            // sizes of the SaveDocuments calls that succeeded
	single int
}

func (s *recordingStore) SaveDocument(ctx context.Context, itemID int64, d heistwatch.Document, _ []heistwatch.Claim) (heistwatch.Document, bool, error) {
	s.mu.Lock()
	first := s.single == 0
	s.single++
	s.mu.Unlock()
	if first {
		<-s.gate
	}
	if d.URL == s.bad {
		return d, false, errors.New("refused")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, seen := s.saved[d.URL]
	s.saved[d.URL] = itemID
	return d, !seen, nil
}

func (s *recordingStore) SaveDocuments(ctx context.Context, itemIDs []int64, docs []heistwatch.Document, _ [][]heistwatch.Claim) ([]heistwatch.Document, []bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range docs {
		if d.URL == s.bad {
			return nil, nil, errors.New("refused")
		}
	}
	changed := make([]bool, len(docs))
	for i, d := range docs {
		_, seen := s.saved[d.URL]
		s.saved[d.URL] = itemIDs[i]
		changed[i] = !seen
	}
	s.groups = append(s.groups, len(docs))
	return docs, changed, nil
}

func TestGroupSaver(t *testing.T) {
	tests := []struct {
		name       string
		bad        string
		wantStored int
		wantGroups []int // sizes of the grouped transactions that committed
	}{
		{"saves queued behind a commit share one transaction", "", 20, []int{20}},
		{"a bad article fails alone", "https://x.example/7", 19, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := &recordingStore{gate: make(chan struct{}), bad: tc.bad, saved: map[string]int64{}}
			g := newGroupSaver(st)
			const n = 21
			errs := make([]error, n)
			changed := make([]bool, n)
			var wg sync.WaitGroup
			save := func(i int) {
				defer wg.Done()
				url := fmt.Sprintf("https://x.example/%d", i)
				if i == n-1 {
					url = "https://x.example/1" // the same article again
				}
				changed[i], errs[i] = g.save(t.Context(), int64(i+1), heistwatch.Document{URL: url}, nil)
			}
			wg.Add(1)
			go save(0) // leads, and waits at the gate inside its commit
			waitFor(t, func() bool { st.mu.Lock(); defer st.mu.Unlock(); return st.single == 1 })
			for i := 1; i < n; i++ {
				wg.Add(1)
				go save(i)
			}
			waitFor(t, func() bool { g.mu.Lock(); defer g.mu.Unlock(); return len(g.pending) == n-1 })
			close(st.gate)
			wg.Wait()
			for i := range n {
				url := fmt.Sprintf("https://x.example/%d", i)
				switch {
				case url == tc.bad:
					if errs[i] == nil {
						t.Errorf("save %d of the bad article succeeded", i)
					}
				case errs[i] != nil:
					t.Errorf("save %d: %v", i, errs[i])
				case i != 1 && i != n-1 && !changed[i]:
					t.Errorf("save %d reported no change", i)
				}
			}
			// Saves 1 and n-1 are one article: whichever came first is the change.
			if changed[1] == changed[n-1] {
				t.Errorf("the article saved twice reported changes %v and %v, want exactly one", changed[1], changed[n-1])
			}
			if len(st.saved) != tc.wantStored {
				t.Errorf("stored %d articles, want %d: %v", len(st.saved), tc.wantStored, st.saved)
			}
			if fmt.Sprint(st.groups) != fmt.Sprint(tc.wantGroups) {
				t.Errorf("grouped commits %v, want %v", st.groups, tc.wantGroups)
			}
		})
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 5s")
		}
		time.Sleep(time.Millisecond)
	}
}
