package heistwatch

import (
	"context"
	"time"
)

// Store is everything the stages keep. SQLite (store/sqlite) is the embedded
// default, PostgreSQL (store/postgres) serves teams and several daemons; both
// pass the one conformance suite in store/storetest.
//
// Every method that writes several rows does so in one transaction, so a
// crash leaves either all of it or none.
type Store interface {
	FeedStore
	ItemStore
	DocumentStore
	IncidentStore
	UserStore

	// Stats counts what `heistwatch status` shows.
	Stats(ctx context.Context) (Stats, error)
	// Cursor and SetCursor keep named positions, such as the time of the last
	// `export --since last` of a format. A name never set reads as "".
	Cursor(ctx context.Context, name string) (string, error)
	SetCursor(ctx context.Context, name, value string) error
	// Close releases the database.
	Close() error
}

// FeedStore keeps subscriptions and their polling state.
type FeedStore interface {
	// AddFeed inserts a feed; a URL already present gives an ErrConflict error.
	AddFeed(ctx context.Context, f Feed) (Feed, error)
	Feed(ctx context.Context, id int64) (Feed, error)
	FeedByURL(ctx context.Context, url string) (Feed, error)
	Feeds(ctx context.Context) ([]Feed, error)
	// UpdateFeed changes the operator's settings (name, schedule, filter, URL).
	UpdateFeed(ctx context.Context, f Feed) error
	// DeleteFeed removes a feed; its documents stay.
	DeleteFeed(ctx context.Context, id int64) error

	// ClaimFeeds leases up to q.Limit feeds that are due to owner until
	// q.Now+q.Lease, so several daemons never poll one feed at once.
	ClaimFeeds(ctx context.Context, q FeedClaim) ([]Feed, error)
	// RecordPoll stores one poll's outcome — the feed's new state and its new
	// items — in one transaction, and releases the lease. Items already
	// recorded for the feed (by GUID; an empty GUID falls back to the link)
	// are left as they are. A pending item whose link (tracking parameters,
	// fragment, "www." and scheme ignored) is another pending or done item's
	// is stored ItemDuplicate, so one article in two feeds is fetched once.
	// A Feed.URL another feed already has gives ErrConflict and stores nothing.
	RecordPoll(ctx context.Context, p PollResult) (PollCounts, error)
	// ReleaseFeed gives a lease back without recording anything (a cancelled poll).
	ReleaseFeed(ctx context.Context, feedID int64, owner string) error
}

// FeedClaim selects the feeds a poller takes.
type FeedClaim struct {
	Owner string
	Now   time.Time
	Lease time.Duration
	Limit int
	// PolledBefore, when set, takes every feed not polled since that time
	// regardless of NextPollAt (the one-shot fetch); otherwise feeds whose
	// NextPollAt has come are taken (the daemon).
	PolledBefore time.Time
	// IDs, when set, limits the claim to these feeds.
	IDs []int64
}

// PollResult is what one poll of a feed produced.
type PollResult struct {
	Owner string
	// Feed carries the new state: validators, error count, last error,
	// LastPollAt, NextPollAt, Title, and URL after a permanent redirect.
	Feed Feed
	// Items are the entries seen, each with State ItemPending or ItemFiltered.
	Items []Item
}

// PollCounts says what RecordPoll did with a poll's items.
type PollCounts struct {
	New       int // inserted pending
	Filtered  int // inserted filtered
	Seen      int // already recorded
	Duplicate int // link already belongs to another item's article
}

// ItemStore hands out pending article fetches.
type ItemStore interface {
	// ClaimItems leases up to limit pending items to owner until now+lease.
	// An expired lease (a daemon that died) makes the item claimable again.
	// Each claim counts as an attempt, since a page that crashes the process
	// never reaches FailItem: an item claimed the store's configured number of
	// times (fetch.max_attempts) without finishing becomes ItemFailed on the
	// next claim instead of being handed out. A returned item's Attempts
	// counts the claims before this one.
	ClaimItems(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]Item, error)
	// FailItem records a failed fetch: once the item has been claimed
	// maxAttempts times it is ItemFailed, otherwise it is released for a later
	// try (ClaimItems counted the attempt). It does nothing when owner no
	// longer holds the lease (it expired and another worker took the item).
	FailItem(ctx context.Context, itemID int64, owner, reason string, maxAttempts int) error
	// ReleaseItem gives a lease back untouched (a cancelled fetch); another
	// owner's lease is left alone.
	ReleaseItem(ctx context.Context, itemID int64, owner string) error
	// RenewItems extends owner's leases on pending items to until and
	// returns the ids it still held, so a live process's work is not taken
	// over while it waits in a busy queue. An item left out was lost: its
	// lease ran out and another process claimed it, or it is finished.
	RenewItems(ctx context.Context, owner string, itemIDs []int64, until time.Time) ([]int64, error)
	// FinishItem marks an item done without a document of its own, e.g. when
	// its canonical URL turned out to be an already stored document. The work
	// is done, so it applies even if the lease expired meanwhile.
	FinishItem(ctx context.Context, itemID int64, owner string, state ItemState, note string) error
	// DocumentIDByURL returns the document stored under a canonical URL, or ErrNotFound.
	DocumentIDByURL(ctx context.Context, url string) (int64, error)
}

// DocumentStore keeps articles and the claims extracted from them.
type DocumentStore interface {
	// SaveDocument stores d under its canonical URL together with the claims
	// extracted from its text, and marks item itemID (if not 0) done, in one
	// transaction. If the URL is stored with the same ContentHash nothing
	// changes (changed=false); a different hash adds a new version.
	SaveDocument(ctx context.Context, itemID int64, d Document, claims []Claim) (saved Document, changed bool, err error)
	Document(ctx context.Context, id int64) (Document, error)
	// Documents calls fn for each document's newest version, in id order.
	Documents(ctx context.Context, fn func(Document) error) error
	// ReplaceClaims swaps a document version's claims for new ones (reextract).
	// Incidents keep their status and edits; claims that no longer fire are
	// removed from them; new claims wait for the clusterer.
	ReplaceClaims(ctx context.Context, docID int64, version int, claims []Claim) error
	// Claims lists claims by filter.
	Claims(ctx context.Context, q ClaimQuery) ([]Claim, error)
}

// ClaimQuery selects claims.
type ClaimQuery struct {
	Kind       ClaimKind
	DocumentID int64
	IncidentID int64
	// Unclustered keeps incident claims not yet placed in an incident.
	Unclustered bool
	Limit       int
}

// Clusterer decides which incident a claim belongs to. The store calls it
// inside one transaction (and one lock across daemons), so two processes
// never open two incidents for one theft.
//
// Its methods run inside the store's write transaction and must not call the
// Store: on SQLite that transaction holds the only writer connection.
type Clusterer interface {
	// Match returns the id of the incident among candidates (incidents with
	// the claim's VictimKey, not merged, oldest first) that c belongs to, or 0
	// for a new one. A claim with an empty VictimKey gets no candidates.
	Match(c Claim, candidates []Incident) int64
	// Summarize computes an incident's extracted fields and confidence from
	// all its claims.
	Summarize(claims []Claim) (Fields, float64)
}

// IncidentStore keeps incidents, review state and the audit log.
type IncidentStore interface {
	// ClusterClaims places every unclustered incident claim with cl: attaches
	// it to the matched incident (flagging a reviewed one with NeedsLook) or
	// opens a new pending incident. It returns how many claims it placed.
	ClusterClaims(ctx context.Context, cl Clusterer, now time.Time) (int, error)
	// Incident returns one incident with its Sources.
	Incident(ctx context.Context, id int64) (Incident, error)
	// Incidents lists incidents (without Sources) by filter, and the total
	// that match ignoring Limit/Offset. An empty Status lists every status,
	// merged ones included; an unknown Order is an invalid-input error.
	Incidents(ctx context.Context, q IncidentQuery) ([]Incident, int, error)
	// EachIncident streams incidents with their Sources in id order, for export.
	EachIncident(ctx context.Context, q IncidentQuery, fn func(Incident) error) error
	// UpdateIncident applies change to incident id if its Version is still
	// base (ErrConflict otherwise), bumps Version and UpdatedAt, and appends
	// the audit entries change returns, all in one transaction. A lease held
	// by another user also gives ErrConflict. change runs inside that
	// transaction and must not call the Store (on SQLite it would wait for
	// the writer connection it holds); an error from it rolls everything back.
	// Entries without IncidentID, Actor or At get id, by and the store's time.
	UpdateIncident(ctx context.Context, id, base int64, by string, change func(*Incident) ([]AuditEntry, error)) (Incident, error)
	// Merge folds incident src into dst: its claims move to dst, src becomes
	// StatusMerged with MergedInto=dst. Both versions are checked.
	Merge(ctx context.Context, dst, dstBase, src, srcBase int64, by string, cl Clusterer) (Incident, error)
	// Split moves the claims of one document out of an incident into a new
	// pending incident, which it returns.
	Split(ctx context.Context, id, base, documentID int64, by string, cl Clusterer) (Incident, error)
	// Lease reserves an incident for user until the given time (ErrConflict
	// when another user holds an unexpired lease). A time not after the
	// store's clock gives the user's lease back. A lease is not an edit: it
	// leaves Version alone.
	Lease(ctx context.Context, id int64, user string, until time.Time) error
	// Audit lists audit entries, newest first; incidentID 0 lists all.
	Audit(ctx context.Context, incidentID int64, limit int) ([]AuditEntry, error)
	// AddAudit appends entries outside an update (a refused conflict, say).
	AddAudit(ctx context.Context, e ...AuditEntry) error
}

// IncidentQuery selects incidents.
type IncidentQuery struct {
	Status      []Status
	ActorFamily string
	Victim      string // substring, any case
	FeedID      int64
	Search      string // substring of victim, actor or evidence
	MinConf     float64
	From, To    time.Time // by CreatedAt
	// ChangedSince keeps incidents with UpdatedAt after it (incremental export).
	ChangedSince time.Time
	// NeedsLook keeps only incidents flagged NeedsLook: reviewed ones that a
	// new article attached to since, so a reviewer can look again.
	NeedsLook bool
	// NotLeasedFor skips incidents leased to someone other than this user.
	NotLeasedFor string
	Now          time.Time
	// Order: "newest" (default), "oldest", "amount", "id".
	Order  string
	Limit  int
	Offset int
}

// UserStore keeps accounts, sessions and API tokens. Secrets are stored only
// as hashes: callers pass the hash.
type UserStore interface {
	AddUser(ctx context.Context, u User) (User, error)
	UserByName(ctx context.Context, name string) (User, error)
	UserByID(ctx context.Context, id int64) (User, error)
	Users(ctx context.Context) ([]User, error)
	SetPassword(ctx context.Context, userID int64, hash string) error
	// CreateSession stores a session under the hash of its token.
	CreateSession(ctx context.Context, tokenHash string, userID int64, expires time.Time) error
	// SessionUser returns the user of an unexpired session.
	SessionUser(ctx context.Context, tokenHash string, now time.Time) (User, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	// CreateToken stores an API token under its hash.
	CreateToken(ctx context.Context, tokenHash string, userID int64, label string) error
	TokenUser(ctx context.Context, tokenHash string) (User, error)
}
