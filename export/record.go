package export

import (
	"time"

	"github.com/heistwatch/heistwatch"
)

// Record is one incident as the JSON and NDJSON exports write it, with the
// reviewer's edits applied. Fields the text did not give are null, never
// missing, so every record has the same keys in the same order. Go programs
// may decode exports into it.
type Record struct {
	ID              int64             `json:"id"`
	Victim          *string           `json:"victim"`
	AmountUSD       *int64            `json:"amount_usd"`
	AmountUSDMax    *int64            `json:"amount_usd_max"`
	AmountQualifier *string           `json:"amount_qualifier"`
	AmountNative    *heistwatch.Money `json:"amount_native"`
	Actor           *string           `json:"actor"`
	ActorFamily     *string           `json:"actor_family"`
	Attribution     *string           `json:"attribution"`
	AttributedBy    *string           `json:"attributed_by"`
	Date            *string           `json:"date"`
	Technique       *string           `json:"technique"`
	Confidence      float64           `json:"confidence"`
	Status          heistwatch.Status `json:"status"`
	ReviewedBy      *string           `json:"reviewed_by"`
	ReviewedAt      *string           `json:"reviewed_at"`
	CreatedAt       string            `json:"created_at"`
	UpdatedAt       string            `json:"updated_at"`
	Sources         []SourceRecord    `json:"sources"`
}

// SourceRecord is one article an incident came from.
type SourceRecord struct {
	URL       string                `json:"url"`
	Title     *string               `json:"title"`
	Published *string               `json:"published"`
	Evidence  []heistwatch.Evidence `json:"evidence"`
}

// NewRecord builds the export record of an incident.
func NewRecord(inc *heistwatch.Incident) Record {
	f := inc.Effective()
	r := Record{
		ID:              inc.ID,
		Victim:          nullable(f.Victim),
		AmountUSD:       f.AmountUSD,
		AmountUSDMax:    f.AmountUSDMax,
		AmountQualifier: nullable(f.AmountQualifier),
		AmountNative:    f.AmountNative,
		Actor:           nullable(f.Actor),
		ActorFamily:     nullable(f.ActorFamily),
		Attribution:     nullable(f.Attribution),
		AttributedBy:    nullable(f.AttributedBy),
		Date:            nullable(f.Date),
		Technique:       nullable(f.Technique),
		Confidence:      inc.Confidence,
		Status:          inc.Status,
		ReviewedBy:      nullable(inc.ReviewedBy),
		ReviewedAt:      nullableTime(inc.ReviewedAt),
		CreatedAt:       timestamp(inc.CreatedAt),
		UpdatedAt:       timestamp(inc.UpdatedAt),
		Sources:         make([]SourceRecord, 0, len(inc.Sources)),
	}
	for _, s := range inc.Sources {
		ev := s.Evidence
		if ev == nil {
			ev = []heistwatch.Evidence{}
		}
		r.Sources = append(r.Sources, SourceRecord{
			URL:       s.URL,
			Title:     nullable(s.Title),
			Published: nullableTime(s.Published),
			Evidence:  ev,
		})
	}
	return r
}

// Fields returns the record's incident values, the inverse of what
// NewRecord took from Incident.Effective.
func (r *Record) Fields() heistwatch.Fields {
	return heistwatch.Fields{
		Victim:          deref(r.Victim),
		AmountUSD:       r.AmountUSD,
		AmountQualifier: deref(r.AmountQualifier),
		AmountUSDMax:    r.AmountUSDMax,
		AmountNative:    r.AmountNative,
		Actor:           deref(r.Actor),
		ActorFamily:     deref(r.ActorFamily),
		Attribution:     deref(r.Attribution),
		AttributedBy:    deref(r.AttributedBy),
		Date:            deref(r.Date),
		Technique:       deref(r.Technique),
	}
}

// timestamp formats a time the way every export does: RFC 3339 in UTC with
// as many fraction digits as it has.
func timestamp(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func nullableTime(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := timestamp(t)
	return &s
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
