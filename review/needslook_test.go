package review

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/heistwatch/heistwatch"
)

// flag sets an incident's decision and, when look is set, marks it as having
// got a new article since (what the clusterer does on attach).
func flagIncident(t *testing.T, st heistwatch.Store, id int64, to heistwatch.Status, look bool) {
	t.Helper()
	inc := mustIncident(t, st, id)
	_, err := st.UpdateIncident(context.Background(), id, inc.Version, "system", func(i *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		i.Status, i.NeedsLook = to, look
		return []heistwatch.AuditEntry{{Action: "attach"}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

var needsLookCountRe = regexp.MustCompile(`id="needs-look-count">(\d+)<`)

// TestNeedsLookView finds reviewed incidents with a new article through the
// queue's "need a look" view and the API, and checks that deciding one
// again takes it off the list.
func TestNeedsLookView(t *testing.T) {
	st := openStore(t)
	ids := loadFixture(t, st, "incidents.json")
	alice := addUser(t, st, "alice", heistwatch.RoleReviewer, "alice-password")
	tok := addToken(t, st, alice)
	srv := startServer(t, st, nil)
	b := signIn(t, srv, "alice", "alice-password")
	flagIncident(t, st, ids["DMM Bitcoin"], heistwatch.StatusApproved, true)
	flagIncident(t, st, ids["WazirX"], heistwatch.StatusRejected, true)
	flagIncident(t, st, ids["Atomic Wallet"], heistwatch.StatusApproved, false)

	count := func() string {
		t.Helper()
		_, body := b.get("/")
		m := needsLookCountRe.FindStringSubmatch(body)
		if m == nil || !strings.Contains(body, `href="/?needs_look=1"`) {
			t.Fatalf("the queue has no needs-a-look link with its count")
		}
		return m[1]
	}
	if got := count(); got != "2" {
		t.Fatalf("needs a look count = %s, want 2", got)
	}
	rowRe := regexp.MustCompile(`<a href="/incidents/(\d+)\?[^"]*needs_look=1[^"]*">`)
	code, body := b.get("/?needs_look=1")
	if code != http.StatusOK {
		t.Fatalf("needs-look view: %d", code)
	}
	var listed []string
	for _, m := range rowRe.FindAllStringSubmatch(body, -1) {
		listed = append(listed, m[1])
	}
	want := []string{fmt.Sprint(ids["WazirX"]), fmt.Sprint(ids["DMM Bitcoin"])}
	if fmt.Sprint(listed) != fmt.Sprint(want) && fmt.Sprint(listed) != fmt.Sprint([]string{want[1], want[0]}) {
		t.Fatalf("needs-look view lists %v, want %v (with needs_look kept in their links)", listed, want)
	}

	var list apiList
	if code := apiCall(t, srv, tok, "GET", "/api/incidents?needs_look=1&status=approved", nil, &list); code != http.StatusOK {
		t.Fatalf("API needs_look: %d", code)
	}
	if list.Total != 1 || len(list.Incidents) != 1 || list.Incidents[0].ID != ids["DMM Bitcoin"] || !list.Incidents[0].NeedsLook {
		t.Fatalf("API needs_look=1&status=approved = %+v, want DMM Bitcoin flagged", list)
	}
	if code := apiCall(t, srv, tok, "GET", "/api/incidents?needs_look=maybe", nil, nil); code != http.StatusBadRequest {
		t.Fatalf("needs_look=maybe: %d, want 400", code)
	}

	// Confirming the approval from the view clears the flag and moves on to
	// the other flagged incident.
	dmm := mustIncident(t, st, ids["DMM Bitcoin"])
	code, loc := b.form(fmt.Sprintf("/incidents/%d/approve?needs_look=1&status=all&pos=0", dmm.ID), "version", ver(dmm))
	if code != http.StatusSeeOther || !strings.HasPrefix(loc, fmt.Sprintf("/incidents/%d?", ids["WazirX"])) {
		t.Fatalf("approve in the view answered %d → %q, want the next flagged incident %d", code, loc, ids["WazirX"])
	}
	if got := mustIncident(t, st, dmm.ID); got.NeedsLook || got.Status != heistwatch.StatusApproved {
		t.Fatalf("after confirming: needs_look=%v status=%s", got.NeedsLook, got.Status)
	}
	wx := mustIncident(t, st, ids["WazirX"])
	if code, _ := b.form(fmt.Sprintf("/incidents/%d/reject?needs_look=1&status=all&pos=0", wx.ID), "version", ver(wx)); code != http.StatusSeeOther {
		t.Fatalf("reject in the view: %d", code)
	}
	if got := count(); got != "0" {
		t.Fatalf("needs a look count after deciding both = %s, want 0", got)
	}
	// Undoing the confirmation asks for the look again; the status stays.
	dmm = mustIncident(t, st, dmm.ID)
	if code := apiCall(t, srv, tok, "POST", fmt.Sprintf("/api/incidents/%d/undo", dmm.ID), map[string]any{"version": dmm.Version}, nil); code != http.StatusOK {
		t.Fatalf("undo the confirmation: %d", code)
	}
	if got := mustIncident(t, st, dmm.ID); !got.NeedsLook || got.Status != heistwatch.StatusApproved {
		t.Fatalf("after undoing the confirmation: needs_look=%v status=%s, want true and approved", got.NeedsLook, got.Status)
	}
	if got := count(); got != "1" {
		t.Fatalf("needs a look count after the undo = %s, want 1", got)
	}
}
