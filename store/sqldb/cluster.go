package sqldb

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/heistwatch/heistwatch"
)

// placer places one batch of claims inside one transaction. It keeps every
// incident the batch touches, with its claims, in memory: attaching the n-th
// claim to an incident then costs no re-read of the n-1 before it, and each
// touched incident is written once, when the batch ends. Without it a story
// reported by hundreds of articles made clustering quadratic.
type placer struct {
	db      *DB
	c       conn
	cl      heistwatch.Clusterer
	now     time.Time
	known   claimCache
	touched map[int64]*touchedIncident
	order   []int64 // touched ids in first-touch order, so writes are deterministic
	placed  int
}

// claimCache carries incidents' claims from one batch of a ClusterClaims
// call to the next, so a big incident's claims are read and decoded once per
// call rather than once per batch. An entry holds for the incident version it
// was read at: every change to an incident's claims steps its version (a
// placing batch, Merge and Split directly; ReplaceClaims marks the incident
// dirty, and the next batch summarises it with a version step before placing
// anything), so a stale entry is never used.
type claimCache map[int64]cachedClaims

type cachedClaims struct {
	version int64
	claims  []heistwatch.Claim
}

type touchedIncident struct {
	inc     heistwatch.Incident
	claims  []heistwatch.Claim
	sumSize int  // len(claims) when inc.Extracted was last summarised
	changed bool // attached to: must be summarised and written at the end
}

func newPlacer(db *DB, c conn, cl heistwatch.Clusterer, now time.Time, known claimCache) *placer {
	return &placer{db: db, c: c, cl: cl, now: now, known: known, touched: map[int64]*touchedIncident{}}
}

// place attaches one claim to the incident the clusterer matches, or opens a
// new pending incident for it.
func (p *placer) place(ctx context.Context, claim heistwatch.Claim) error {
	// The batch's own changes are newer than the table's.
	cands, err := candidates(ctx, p.c, claim.VictimKey, func(id int64) (heistwatch.Incident, bool) {
		if t, ok := p.touched[id]; ok {
			return t.inc, true
		}
		return heistwatch.Incident{}, false
	})
	if err != nil {
		return err
	}
	id := p.cl.Match(claim, cands)
	action := "create"
	if id == 0 {
		inc := heistwatch.Incident{Status: heistwatch.StatusPending, Version: 1, VictimKey: claim.VictimKey,
			CreatedAt: p.now, UpdatedAt: p.now}
		inc.Extracted, inc.Confidence = p.cl.Summarize([]heistwatch.Claim{claim})
		if err := insertIncident(ctx, p.c, &inc); err != nil {
			return err
		}
		id = inc.ID
		p.remember(&touchedIncident{inc: inc, claims: []heistwatch.Claim{claim}, sumSize: 1})
	} else {
		if !containsIncident(cands, id) {
			return fmt.Errorf("clusterer chose incident %d, which is not among the candidates", id)
		}
		t, err := p.load(ctx, id)
		if err != nil {
			return err
		}
		action = "attach"
		t.claims = append(t.claims, claim)
		t.changed = true
		if t.inc.Status == heistwatch.StatusApproved || t.inc.Status == heistwatch.StatusRejected {
			t.inc.NeedsLook = true
		}
		// Keep the summary the next Match sees fresh while the incident is
		// small, then refresh it each time its claims double: linear overall.
		if n := len(t.claims); n <= 8 || n >= 2*t.sumSize {
			t.inc.Extracted, t.inc.Confidence = p.cl.Summarize(t.claims)
			t.sumSize = n
		}
	}
	if _, err := p.c.exec(ctx, `UPDATE claims SET incident_id = ? WHERE id = ?`, id, claim.ID); err != nil {
		return err
	}
	return p.db.addAudit(ctx, p.c, p.now, "system", heistwatch.AuditEntry{IncidentID: id, Action: action,
		Field: "claim", After: fmt.Sprintf("claim %d from document %d", claim.ID, claim.DocumentID)})
}

// load returns the batch's copy of an incident, reading it (under a row lock,
// so a reviewer's concurrent change waits rather than being overwritten) and
// its claims the first time.
func (p *placer) load(ctx context.Context, id int64) (*touchedIncident, error) {
	if t, ok := p.touched[id]; ok {
		return t, nil
	}
	inc, err := p.db.loadIncident(ctx, p.c, id)
	if err != nil {
		return nil, err
	}
	var claims []heistwatch.Claim
	if k, ok := p.known[id]; ok && k.version == inc.Version {
		// Appends below must not write into the slice the cache still holds.
		claims = slices.Clip(k.claims)
	} else {
		if claims, err = incidentClaims(ctx, p.c, id); err != nil {
			return nil, err
		}
		p.known[id] = cachedClaims{version: inc.Version, claims: claims}
	}
	t := &touchedIncident{inc: inc, claims: claims, sumSize: len(claims)}
	p.remember(t)
	return t, nil
}

func (p *placer) remember(t *touchedIncident) {
	p.touched[t.inc.ID] = t
	p.order = append(p.order, t.inc.ID)
}

// flush summarises every incident the batch attached claims to and writes it
// once, with one version step. The cache learns the new claims only after
// the transaction commits (see keep): a rolled-back batch must leave no trace.
func (p *placer) flush(ctx context.Context) error {
	for _, id := range p.order {
		t := p.touched[id]
		if !t.changed {
			continue
		}
		t.inc.Extracted, t.inc.Confidence = p.cl.Summarize(t.claims)
		t.inc.Version++
		t.inc.UpdatedAt = p.now
		if err := writeIncident(ctx, p.c, &t.inc); err != nil {
			return fmt.Errorf("incident %d: %w", id, err)
		}
	}
	return nil
}

// keep records the batch's incidents in the cache once its transaction has
// committed, at the versions just written.
func (p *placer) keep() {
	for _, id := range p.order {
		t := p.touched[id]
		p.known[id] = cachedClaims{version: t.inc.Version, claims: t.claims}
	}
}

func containsIncident(incs []heistwatch.Incident, id int64) bool {
	for _, inc := range incs {
		if inc.ID == id {
			return true
		}
	}
	return false
}
