// Package heistwatch holds the objects every stage of the pipeline shares —
// feeds, items, documents, claims, incidents, audit entries, users — and the
// Store interface the stages talk through. It imports nothing of the project,
// so any package may depend on it.
//
// The flow: ingest polls feeds and stores items and documents; extract turns a
// document's text into claims; the clusterer groups claims into incidents;
// review changes incidents; export writes the approved ones. Each step reads
// from and writes to the Store, so a crash at any point loses nothing.
package heistwatch

import (
	"encoding/json"
	"time"
)

// Feed is a subscribed RSS, Atom or JSON feed and its polling state.
type Feed struct {
	ID    int64  `json:"id"`
	URL   string `json:"url"`
	Name  string `json:"name,omitempty"`  // given by the operator
	Title string `json:"title,omitempty"` // as the feed names itself
	// Schedule is a cron spec or "@every 15m"; empty means the configured default.
	Schedule string `json:"schedule,omitempty"`
	// Filter decides which items are fetched in full; empty takes every item.
	Filter string `json:"filter,omitempty"`

	// Validators from the last successful response, sent back as a conditional GET.
	ETag         string `json:"etag,omitempty"`
	LastModified string `json:"last_modified,omitempty"`

	ErrorCount int       `json:"error_count"`
	LastError  string    `json:"last_error"`
	LastPollAt time.Time `json:"last_poll_at,omitzero"`
	LastOKAt   time.Time `json:"last_ok_at,omitzero"`
	// NextPollAt is when the feed is due again; backoff and Retry-After push it out.
	NextPollAt time.Time `json:"next_poll_at,omitzero"`
	CreatedAt  time.Time `json:"created_at,omitzero"`
}

// ItemState says how far a feed item has come through the pipeline.
type ItemState string

// Item states. An item is inserted pending (or filtered) in the same
// transaction that records the poll, and becomes done only in the transaction
// that stores its document, so a crash in between loses nothing.
const (
	ItemPending   ItemState = "pending"   // waiting for its article fetch
	ItemFiltered  ItemState = "filtered"  // seen, failed the feed's filter, never fetched
	ItemDone      ItemState = "done"      // its document is stored
	ItemDuplicate ItemState = "duplicate" // its link is another item's article
	ItemFailed    ItemState = "failed"    // gave up after repeated errors
)

// Item is one entry of a feed, recorded once per (feed, GUID).
type Item struct {
	ID        int64     `json:"id"`
	FeedID    int64     `json:"feed_id"`
	GUID      string    `json:"guid"`
	Link      string    `json:"link"`
	Title     string    `json:"title"`
	Summary   string    `json:"summary,omitempty"`
	Content   string    `json:"content,omitempty"` // the feed's own full content, the fallback when the page fails
	Published time.Time `json:"published,omitzero"`
	State     ItemState `json:"state"`
	// Attempts counts the times the item was claimed for its fetch.
	Attempts int    `json:"attempts"`
	Error    string `json:"error,omitempty"`
}

// Document is one article, identified by its canonical URL. A changed text is
// a new version of the same document; Version counts them from 1.
type Document struct {
	ID        int64     `json:"id"`
	URL       string    `json:"url"` // canonical: tracking parameters stripped, redirects followed
	FeedID    int64     `json:"feed_id,omitempty"`
	ItemGUID  string    `json:"item_guid,omitempty"`
	Title     string    `json:"title"`
	Author    string    `json:"author,omitempty"`
	SiteName  string    `json:"site_name,omitempty"`
	Published time.Time `json:"published,omitzero"`
	FetchedAt time.Time `json:"fetched_at"`
	Text      string    `json:"text"`
	// ContentHash (hex SHA-256 of Text) decides whether a fetch is a new version.
	ContentHash string `json:"content_hash"`
	Version     int    `json:"version"`
	// FromFeed is set when the page could not be used and Text is the feed item's content.
	FromFeed bool `json:"from_feed,omitempty"`
}

// ClaimKind separates single thefts from totals over many thefts.
type ClaimKind string

// Claim kinds.
const (
	KindIncident  ClaimKind = "incident"
	KindAggregate ClaimKind = "aggregate"
)

// Attribution levels, from the text's hedging.
const (
	Confirmed  = "confirmed"
	Attributed = "attributed"
	Suspected  = "suspected"
)

// Money is an amount in a unit other than US dollars as the text states it:
// a coin (BTC, ETH, USDT) or a currency (GBP, KRW). It is never converted.
type Money struct {
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

// Evidence is a span of the document's text a claim rests on. Start and End
// are offsets in Unicode code points (not bytes) into Document.Text, so
// text[start:end] in Python or []rune(text)[start:end] in Go gives Text.
type Evidence struct {
	Text  string `json:"text"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Fields are the values an analyst reviews on an incident. A zero value
// means the text did not say (exported as JSON null).
type Fields struct {
	Victim string `json:"victim"`
	// AmountUSD is only a US-dollar figure the text states, never a conversion.
	AmountUSD *int64 `json:"amount_usd"`
	// AmountQualifier keeps "over", "nearly", "up to" or "range" next to the figure.
	AmountQualifier string `json:"amount_qualifier,omitempty"`
	// AmountUSDMax is the upper bound when the text gives a range.
	AmountUSDMax *int64 `json:"amount_usd_max,omitempty"`
	AmountNative *Money `json:"amount_native"`
	Actor        string `json:"actor"`        // as the text words it
	ActorFamily  string `json:"actor_family"` // a state code such as DPRK, or "" for none
	Attribution  string `json:"attribution"`  // Confirmed, Attributed, Suspected or ""
	AttributedBy string `json:"attributed_by"`
	Date         string `json:"date"` // YYYY, YYYY-MM or YYYY-MM-DD: when the theft happened
	Technique    string `json:"technique"`
}

// Claim is one extracted statement with the words it came from.
type Claim struct {
	ID         int64     `json:"id,omitempty"`
	DocumentID int64     `json:"document_id,omitempty"`
	DocVersion int       `json:"doc_version,omitempty"`
	Kind       ClaimKind `json:"kind"`
	Fields
	// VictimKey is the victim's canonical name folded for comparison
	// (gazetteer name when known), so aliases of one venue cluster together.
	VictimKey string `json:"victim_key,omitempty"`
	// Period is an aggregate's span: "2024", "2017-2023" or "".
	Period     string     `json:"period,omitempty"`
	Rules      []string   `json:"rules"`
	Confidence float64    `json:"confidence"`
	Evidence   []Evidence `json:"evidence"`
	// IncidentID is 0 until the clusterer has placed the claim.
	IncidentID int64     `json:"incident_id,omitempty"`
	CreatedAt  time.Time `json:"created_at,omitzero"`
}

// Status is where an incident stands in review.
type Status string

// Incident statuses.
const (
	StatusPending  Status = "pending"
	StatusApproved Status = "approved"
	StatusRejected Status = "rejected"
	StatusMerged   Status = "merged"
)

// Edits are a reviewer's values, kept apart from the extracted ones so both
// stay visible. Only the fields named in Set (JSON names, e.g. "amount_usd")
// are in force.
type Edits struct {
	Fields
	Set []string `json:"set"`
}

// Incident is a candidate theft built from one or more claims.
type Incident struct {
	ID     int64  `json:"id"`
	Status Status `json:"status"`
	// Version grows by one on every change; a write based on an older version
	// is refused with a conflict, never applied over another reviewer's.
	Version   int64  `json:"version"`
	VictimKey string `json:"victim_key"`
	// Extracted is summarised from the claims; Edits overlay it.
	Extracted  Fields  `json:"extracted"`
	Edits      Edits   `json:"edits"`
	Confidence float64 `json:"confidence"`
	// NeedsLook is set when a new claim attached to an already reviewed incident.
	NeedsLook  bool      `json:"needs_look,omitempty"`
	MergedInto int64     `json:"merged_into,omitempty"`
	ReviewedBy string    `json:"reviewed_by,omitempty"`
	ReviewedAt time.Time `json:"reviewed_at,omitzero"`
	LeasedBy   string    `json:"leased_by,omitempty"`
	LeaseUntil time.Time `json:"lease_until,omitzero"`
	CreatedAt  time.Time `json:"created_at"`
	// UpdatedAt moves on every change, including a claim attached.
	UpdatedAt time.Time `json:"updated_at"`
	// SourceCount is how many distinct documents the incident's claims come
	// from. Store.Incidents fills it without loading Sources; Store.Incident
	// and the export iterator fill it along with Sources.
	SourceCount int `json:"source_count"`
	// Sources are filled by Store.Incident and the export iterator.
	Sources []Source `json:"sources,omitempty"`
}

// Source is one document an incident came from, with its claims' evidence.
type Source struct {
	DocumentID int64      `json:"document_id"`
	URL        string     `json:"url"`
	Title      string     `json:"title"`
	Published  time.Time  `json:"published,omitzero"`
	FeedID     int64      `json:"feed_id,omitempty"`
	Claims     []Claim    `json:"claims,omitempty"`
	Evidence   []Evidence `json:"evidence"`
}

// Effective returns the incident's values with the reviewer's edits applied.
func (i *Incident) Effective() Fields {
	f := i.Extracted
	for _, name := range i.Edits.Set {
		switch name {
		case "victim":
			f.Victim = i.Edits.Victim
		case "amount_usd":
			f.AmountUSD = i.Edits.AmountUSD
			f.AmountQualifier = i.Edits.AmountQualifier
			f.AmountUSDMax = i.Edits.AmountUSDMax
		case "amount_native":
			f.AmountNative = i.Edits.AmountNative
		case "actor":
			f.Actor = i.Edits.Actor
		case "actor_family":
			f.ActorFamily = i.Edits.ActorFamily
		case "attribution":
			f.Attribution = i.Edits.Attribution
		case "attributed_by":
			f.AttributedBy = i.Edits.AttributedBy
		case "date":
			f.Date = i.Edits.Date
		case "technique":
			f.Technique = i.Edits.Technique
		}
	}
	return f
}

// EditableFields are the JSON names a reviewer may set in Edits.Set.
var EditableFields = []string{"victim", "amount_usd", "amount_native", "actor", "actor_family",
	"attribution", "attributed_by", "date", "technique"}

// AuditEntry records who did what to which incident, with before and after.
type AuditEntry struct {
	ID         int64     `json:"id"`
	IncidentID int64     `json:"incident_id"`
	Actor      string    `json:"actor"`  // reviewer name, "cli:<os user>" or "system"
	Action     string    `json:"action"` // approve, reject, edit, merge, split, undo, conflict, attach…
	Field      string    `json:"field,omitempty"`
	Before     string    `json:"before,omitempty"`
	After      string    `json:"after,omitempty"`
	At         time.Time `json:"at"`
}

// Role is what a user may do.
type Role string

// Roles: viewers read, reviewers change incidents, admins also manage users.
const (
	RoleViewer   Role = "viewer"
	RoleReviewer Role = "reviewer"
	RoleAdmin    Role = "admin"
)

// User is a reviewer account.
type User struct {
	ID           int64     `json:"id"`
	Name         string    `json:"name"`
	Role         Role      `json:"role"`
	PasswordHash string    `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// Stats are the counts `heistwatch status` prints.
type Stats struct {
	FeedsOK      int              `json:"feeds_ok"`
	FeedsFailing int              `json:"feeds_failing"`
	Documents    int              `json:"documents"`  // one per canonical article, whatever its versions
	Items        map[string]int   `json:"items"`      // by ItemState
	Claims       int              `json:"claims"`     // incident claims
	Aggregates   int              `json:"aggregates"` // aggregate claims, counted apart
	Incidents    map[Status]int   `json:"incidents"`
	LastPoll     time.Time        `json:"last_poll,omitzero"`
	NextPoll     time.Time        `json:"next_poll,omitzero"`
	Extra        map[string]int64 `json:"extra,omitempty"`
}

// MarshalIndent is a small helper so every command prints JSON the same way.
func MarshalIndent(v any) ([]byte, error) { return json.MarshalIndent(v, "", "  ") }
