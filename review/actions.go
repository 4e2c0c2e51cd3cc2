package review

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/heistwatch/heistwatch"
)

// Audit actions this package writes.
const (
	actApprove  = "approve"
	actReject   = "reject"
	actEdit     = "edit"
	actUndo     = "undo"
	actMerge    = "merge"
	actSplit    = "split"
	actConflict = "conflict"
)

// update runs change on incident id through the store's optimistic check.
// It stamps the audit entries change returns with who, what and when, and
// on a conflict records the refused attempt (with attempt, the values it
// wanted to write) in the audit log too.
func (s *server) update(ctx context.Context, p *principal, id, base int64, action, attempt string,
	change func(*heistwatch.Incident) ([]heistwatch.AuditEntry, error)) (heistwatch.Incident, error) {
	now := s.now().UTC()
	inc, err := s.st.UpdateIncident(ctx, id, base, p.Name, func(inc *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		if inc.Status == heistwatch.StatusMerged {
			return nil, heistwatch.Errorf(heistwatch.CodeConflict, "incident %d was merged into %d", inc.ID, inc.MergedInto)
		}
		entries, err := change(inc)
		for i := range entries {
			entries[i].IncidentID = id
			entries[i].Actor = p.Name
			entries[i].At = now
			if entries[i].Action == "" {
				entries[i].Action = action
			}
		}
		return entries, err
	})
	if err != nil && errors.Is(err, heistwatch.ErrConflict) {
		s.recordConflict(ctx, p, id, base, action, attempt, err)
	}
	if err != nil {
		return inc, fmt.Errorf("%s incident %d: %w", action, id, err)
	}
	return inc, nil
}

// recordConflict appends the refused attempt to the audit log: who tried
// what, on which version, and what the incident looked like then.
func (s *server) recordConflict(ctx context.Context, p *principal, id, base int64, action, attempt string, cause error) {
	after := cause.Error()
	if cur, err := s.st.Incident(ctx, id); err == nil {
		after = fmt.Sprintf("version %d", cur.Version)
		if cur.LeasedBy != "" && cur.LeasedBy != p.Name && cur.LeaseUntil.After(s.now()) {
			after += ", leased to " + cur.LeasedBy
		}
	}
	if attempt != "" {
		after += "; refused: " + attempt
	}
	e := heistwatch.AuditEntry{IncidentID: id, Actor: p.Name, Action: actConflict, Field: action,
		Before: fmt.Sprintf("version %d", base), After: after, At: s.now().UTC()}
	if err := s.st.AddAudit(context.WithoutCancel(ctx), e); err != nil {
		s.log.Error("record refused attempt", "incident", id, "err", err)
	}
}

// fieldNeedsLook is the audit field of the needs-look flag a decision clears.
const fieldNeedsLook = "needs_look"

// decide approves or rejects an incident.
func (s *server) decide(ctx context.Context, p *principal, id, base int64, to heistwatch.Status) (heistwatch.Incident, error) {
	action := actApprove
	if to == heistwatch.StatusRejected {
		action = actReject
	}
	now := s.now().UTC()
	return s.update(ctx, p, id, base, action, "status "+string(to), func(inc *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		before := inc.Status
		entries := []heistwatch.AuditEntry{{Field: "status", Before: string(before), After: string(to)}}
		if inc.NeedsLook {
			// recorded, so an undo of this decision can ask for the look again
			entries = append(entries, heistwatch.AuditEntry{Field: fieldNeedsLook, Before: "1", After: "0"})
		}
		inc.Status = to
		inc.ReviewedBy = p.Name
		inc.ReviewedAt = now
		inc.NeedsLook = false
		inc.LeasedBy, inc.LeaseUntil = "", time.Time{} // decided: free for anyone again
		return entries, nil
	})
}

// edit applies a reviewer's field values; nothing changed is not an error.
func (s *server) edit(ctx context.Context, p *principal, id, base int64, in map[string]string) (heistwatch.Incident, error) {
	inc, err := s.update(ctx, p, id, base, actEdit, describeEdits(in), func(inc *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		return applyEdits(inc, in, actEdit)
	})
	if errors.Is(err, errNoChange) {
		return s.st.Incident(ctx, id)
	}
	return inc, err
}

// auditGroup is one action of one reviewer: the entries written together.
type auditGroup struct {
	action  string
	entries []heistwatch.AuditEntry
	// nth counts the reviewer's newer groups of the same action (0 = newest),
	// to find the matching record a merge left.
	nth int
}

// lastAction finds the reviewer's latest action on an incident that has not
// been undone yet. Each undo cancels the newest action before it, so
// pressing u repeatedly walks back through the reviewer's history.
func lastAction(entries []heistwatch.AuditEntry, who string) (auditGroup, bool) {
	var groups []auditGroup
	for _, e := range entries { // newest first
		if e.Actor != who {
			continue
		}
		if n := len(groups); n > 0 && groups[n-1].action == e.Action && groups[n-1].entries[0].At.Equal(e.At) {
			groups[n-1].entries = append(groups[n-1].entries, e)
			continue
		}
		groups = append(groups, auditGroup{action: e.Action, entries: []heistwatch.AuditEntry{e}})
	}
	pending := 0
	seen := map[string]int{}
	for _, g := range groups {
		g.nth = seen[g.action]
		seen[g.action]++
		switch g.action {
		case actUndo:
			pending++
		case actApprove, actReject, actEdit, actMerge, actSplit:
			if pending > 0 {
				pending--
				continue
			}
			return g, true
		}
	}
	return auditGroup{}, false
}

// undo reverts the reviewer's last action on the incident as a new, audited
// change. It refuses when someone else has changed the same values since.
func (s *server) undo(ctx context.Context, p *principal, id, base int64) (heistwatch.Incident, error) {
	log, err := s.st.Audit(ctx, id, 500)
	if err != nil {
		return heistwatch.Incident{}, fmt.Errorf("undo: read audit log: %w", err)
	}
	g, ok := lastAction(log, p.Name)
	if !ok {
		return heistwatch.Incident{}, heistwatch.Errorf(heistwatch.CodeInvalid, "nothing of yours to undo on incident %d", id)
	}
	switch g.action {
	case actMerge:
		return s.undoMerge(ctx, p, id, base, g)
	case actSplit:
		return s.undoSplit(ctx, p, id, base, g)
	}
	now := s.now().UTC()
	return s.update(ctx, p, id, base, actUndo, "undo "+g.action, func(inc *heistwatch.Incident) ([]heistwatch.AuditEntry, error) {
		switch g.action {
		case actApprove, actReject:
			var out []heistwatch.AuditEntry
			for _, e := range g.entries {
				switch e.Field {
				case "status":
					if string(inc.Status) != e.After {
						return nil, heistwatch.Errorf(heistwatch.CodeConflict, "cannot undo %s: the status is now %s", g.action, inc.Status)
					}
					inc.Status = heistwatch.Status(e.Before)
					if inc.Status == heistwatch.StatusPending {
						inc.ReviewedBy, inc.ReviewedAt = "", time.Time{}
					} else {
						inc.ReviewedBy, inc.ReviewedAt = p.Name, now
					}
					out = append(out, heistwatch.AuditEntry{Field: "status", Before: e.After, After: e.Before})
				case fieldNeedsLook:
					// a confirmed incident that had a new article wants its look again
					inc.NeedsLook = e.Before == "1"
					out = append(out, heistwatch.AuditEntry{Field: fieldNeedsLook, Before: e.After, After: e.Before})
				}
			}
			return out, nil
		default: // edit
			eff := inc.Effective()
			in := map[string]string{}
			for _, e := range g.entries {
				if FieldValue(eff, e.Field) != e.After {
					return nil, heistwatch.Errorf(heistwatch.CodeConflict, "cannot undo the edit of %s: it has changed since", e.Field)
				}
				in[e.Field] = e.Before
			}
			return applyEdits(inc, in, actUndo)
		}
	})
}

// describeEdits writes a reviewer's values as name=value in form order, for
// the audit entry of a refused edit.
func describeEdits(in map[string]string) string {
	var parts []string
	for _, name := range formFields {
		if v, ok := in[name]; ok {
			parts = append(parts, name+"="+strconv.Quote(v))
		}
	}
	return strings.Join(parts, " ")
}
