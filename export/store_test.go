package export

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"slices"
	"testing"

	"github.com/heistwatch/heistwatch"
)

// memStore serves EachIncident and the cursors from memory, the part of the
// Store the writers use; any other method panics (nil embedded interface).
type memStore struct {
	heistwatch.Store
	incidents []heistwatch.Incident
	cursors   map[string]string
	// fail, when set, is returned by EachIncident after failAfter incidents.
	fail      error
	failAfter int
	audit     map[int64][]heistwatch.AuditEntry // newest first, as Audit gives them
}

func (m *memStore) Audit(ctx context.Context, id int64, limit int) ([]heistwatch.AuditEntry, error) {
	return m.audit[id], nil
}

func (m *memStore) EachIncident(ctx context.Context, q heistwatch.IncidentQuery, fn func(heistwatch.Incident) error) error {
	if q.Order != "id" {
		return errors.New("memStore: export must ask for id order")
	}
	sent := 0
	for _, inc := range m.incidents {
		if len(q.Status) > 0 && !slices.Contains(q.Status, inc.Status) {
			continue
		}
		if q.ActorFamily != "" && inc.Effective().ActorFamily != q.ActorFamily {
			continue
		}
		if !q.ChangedSince.IsZero() && !inc.UpdatedAt.After(q.ChangedSince) {
			continue
		}
		if m.fail != nil && sent == m.failAfter {
			return m.fail
		}
		if err := fn(inc); err != nil {
			return err
		}
		sent++
	}
	return nil
}

func (m *memStore) Cursor(ctx context.Context, name string) (string, error) {
	v, ok := m.cursors[name]
	if !ok {
		return "", heistwatch.ErrNotFound
	}
	return v, nil
}

func (m *memStore) SetCursor(ctx context.Context, name, value string) error {
	if m.cursors == nil {
		m.cursors = map[string]string{}
	}
	m.cursors[name] = value
	return nil
}

// fixtureStore loads testdata/incidents.json, sorted by id.
func fixtureStore(t testing.TB) *memStore {
	t.Helper()
	b, err := os.ReadFile("testdata/incidents.json")
	if err != nil {
		t.Fatal(err)
	}
	var incs []heistwatch.Incident
	if err := json.Unmarshal(b, &incs); err != nil {
		t.Fatalf("testdata/incidents.json: %v", err)
	}
	slices.SortFunc(incs, func(a, b heistwatch.Incident) int { return int(a.ID - b.ID) })
	return &memStore{incidents: incs}
}

// approved returns the fixture's approved incidents in id order.
func (m *memStore) approved() []heistwatch.Incident {
	var out []heistwatch.Incident
	for _, inc := range m.incidents {
		if inc.Status == heistwatch.StatusApproved {
			out = append(out, inc)
		}
	}
	return out
}
