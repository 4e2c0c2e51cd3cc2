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

// recordingStore saves into a map. A URL marked bad fails, and so does any
// group holding it.
type recordingStore struct {
	heistwatch.Store // only the save methods are called
	bad              string

	mu     sync.Mutex
	saved  map[string]int64 // URL → item id
	groups []int            // sizes of the SaveDocuments calls that succeeded
}

func (s *recordingStore) SaveDocument(ctx context.Context, itemID int64, d heistwatch.Document, _ []heistwatch.Claim) (heistwatch.Document, bool, error) {
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

func TestSaver(t *testing.T) {
	const n = 70
	tests := []struct {
		name       string
		linger     time.Duration
		bad        string
		wantStored int
		wantGroups []int // sizes of the grouped transactions that committed
	}{
		// A linger longer than the test: groups close when full or at close.
		{"queued articles share transactions of at most maxSaveGroup", time.Hour, "", n - 1, []int{24, 24, 22}},
		{"a bad article fails alone, its group saved one by one", time.Hour, "https://x.example/7", n - 2, []int{24, 22}},
		{"no linger still saves everything", 0, "", n - 1, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := &recordingStore{bad: tc.bad, saved: map[string]int64{}}
			sv := startSaver(st, tc.linger)
			errs := make([]error, n)
			changed := make([]bool, n)
			var calls sync.WaitGroup
			for i := range n {
				url := fmt.Sprintf("https://x.example/%d", i)
				if i == n-1 {
					url = "https://x.example/1" // the same article again
				}
				calls.Add(1)
				sv.save(&saveReq{itemID: int64(i + 1), doc: heistwatch.Document{URL: url}, stored: func(c bool, err error) {
					changed[i], errs[i] = c, err
					calls.Done()
				}})
			}
			sv.close()
			calls.Wait() // every article was answered before close returned
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
			// Saves 1 and n-1 are one article: the first is the change.
			if !changed[1] || changed[n-1] {
				t.Errorf("the article saved twice reported changes %v and %v, want true then false", changed[1], changed[n-1])
			}
			if len(st.saved) != tc.wantStored {
				t.Errorf("stored %d articles, want %d: %v", len(st.saved), tc.wantStored, st.saved)
			}
			if tc.wantGroups != nil && fmt.Sprint(st.groups) != fmt.Sprint(tc.wantGroups) {
				t.Errorf("grouped commits %v, want %v", st.groups, tc.wantGroups)
			}
		})
	}
}
