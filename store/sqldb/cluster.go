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
// reported by hundreds of articles made clustering quadratic. The claims'
// incident ids and their audit rows are written at the end too, several rows
// to a statement.
type placer struct {
	db      *DB
	c       conn
	cl      heistwatch.Clusterer
	now     time.Time
	known   *claimCache
	touched map[int64]*touchedIncident
	order   []int64 // touched ids in first-touch order, so writes are deterministic
	placed  int
	// cands holds each victim key's live incidents as first read in this
	// batch. Under the clustering lock only this batch adds incidents (it
	// appends them here) or merges them away, so the list stays true.
	cands   map[string][]heistwatch.Incident
	pending []placement
}

// placement is one claim placed, written at flush.
type placement struct {
	claim, doc, incident int64
	action               string
}

// claimCache carries incidents' claims from one batch to the next and from
// one ClusterClaims call to the next, so a big incident's claims are read and
// decoded once, not each time a batch attaches to it. An entry holds for the
// incident version it was read at: every change to an incident's claims
// steps its version (a placing batch, Merge and Split directly; ReplaceClaims
// marks the incident dirty, and the next batch summarises it with a version
// step before placing anything), so a stale entry is never used. It is
// bounded: past maxCachedClaims it starts afresh.
type claimCache struct {
	entries map[int64]cachedClaims
	claims  int // claims held in all entries
}

// maxCachedClaims bounds the claims the cache holds (some tens of MB): a
// daemon keeps it for months.
const maxCachedClaims = 20000

type cachedClaims struct {
	version int64
	claims  []heistwatch.Claim
}

func (k *claimCache) get(id, version int64) ([]heistwatch.Claim, bool) {
	e, ok := k.entries[id]
	if !ok || e.version != version {
		return nil, false
	}
	return e.claims, true
}

func (k *claimCache) put(id, version int64, claims []heistwatch.Claim) {
	if k.entries == nil || k.claims+len(claims) > maxCachedClaims {
		k.entries, k.claims = map[int64]cachedClaims{}, 0
	}
	k.claims += len(claims) - len(k.entries[id].claims)
	k.entries[id] = cachedClaims{version: version, claims: claims}
}

type touchedIncident struct {
	inc     heistwatch.Incident
	claims  []heistwatch.Claim
	sumSize int  // len(claims) when inc.Extracted was last summarised
	changed bool // attached to: must be summarised and written at the end
}

func newPlacer(db *DB, c conn, cl heistwatch.Clusterer, now time.Time, known *claimCache) *placer {
	return &placer{db: db, c: c, cl: cl, now: now, known: known, touched: map[int64]*touchedIncident{},
		cands: map[string][]heistwatch.Incident{}}
}

// place attaches one claim to the incident the clusterer matches, or opens a
// new pending incident for it.
func (p *placer) place(ctx context.Context, claim heistwatch.Claim) error {
	cands, err := p.candidates(ctx, claim.VictimKey)
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
		if list, ok := p.cands[inc.VictimKey]; ok {
			p.cands[inc.VictimKey] = append(list, inc)
		}
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
	p.pending = append(p.pending, placement{claim: claim.ID, doc: claim.DocumentID, incident: id, action: action})
	return nil
}

// candidates are the live incidents of a victim, the batch's own copies
// standing in for the rows of those it has touched. A claim without a
// victim has none: nothing says it is the same theft as anything, and
// loading every victimless incident for each such claim would grow with the
// square.
func (p *placer) candidates(ctx context.Context, victimKey string) ([]heistwatch.Incident, error) {
	if victimKey == "" {
		return nil, nil
	}
	list, ok := p.cands[victimKey]
	if !ok {
		var err error
		if list, err = liveIncidents(ctx, p.c, victimKey); err != nil {
			return nil, err
		}
		p.cands[victimKey] = list
	}
	out := make([]heistwatch.Incident, len(list))
	for i, inc := range list {
		if t, ok := p.touched[inc.ID]; ok {
			inc = t.inc // the batch's changes are newer than the row's
		}
		out[i] = inc
	}
	return out, nil
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
	claims, ok := p.known.get(id, inc.Version)
	if ok {
		// Appends below must not write into the slice the cache still holds.
		claims = slices.Clip(claims)
	} else {
		if claims, err = incidentClaims(ctx, p.c, id); err != nil {
			return nil, err
		}
		p.known.put(id, inc.Version, claims)
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
// once, with one version step, then records where each claim went. The cache
// learns the new claims only after the transaction commits (see keep): a
// rolled-back batch must leave no trace.
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
	if err := p.writeClaimIncidents(ctx); err != nil {
		return err
	}
	audit := make([]heistwatch.AuditEntry, len(p.pending))
	for i, pl := range p.pending {
		audit[i] = heistwatch.AuditEntry{IncidentID: pl.incident, Action: pl.action, Field: "claim",
			After: fmt.Sprintf("claim %d from document %d", pl.claim, pl.doc)}
	}
	return p.db.addAudit(ctx, p.c, p.now, "system", audit...)
}

// writeClaimIncidents sets the incident of every claim placed, one UPDATE
// per incident and group of claims.
func (p *placer) writeClaimIncidents(ctx context.Context) error {
	byIncident := map[int64][]int64{}
	for _, pl := range p.pending {
		byIncident[pl.incident] = append(byIncident[pl.incident], pl.claim)
	}
	query := `UPDATE claims SET incident_id = ? WHERE id IN (` + placeholders(inList) + `)`
	for _, inc := range p.order {
		err := inGroups(byIncident[inc], inList, []any{inc}, func(args []any) error {
			_, err := p.c.exec(ctx, query, args...)
			return err
		})
		if err != nil {
			return fmt.Errorf("place claims in incident %d: %w", inc, err)
		}
	}
	return nil
}

// keep records the batch's incidents in the cache once its transaction has
// committed, at the versions just written.
func (p *placer) keep() {
	for _, id := range p.order {
		t := p.touched[id]
		p.known.put(id, t.inc.Version, t.claims)
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
