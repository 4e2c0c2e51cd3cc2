package extract

import "github.com/heistwatch/heistwatch"

// Record is one output line of `heistwatch extract --jsonl`, in the shape
// DESIGN.md fixes and ../shared/corpus/score.py reads.
type Record struct {
	ID         string          `json:"id"`
	Incidents  []IncidentJSON  `json:"incidents"`
	Aggregates []AggregateJSON `json:"aggregates"`
}

// IncidentJSON is an incident claim in the --jsonl contract. Pointers and
// *string fields print JSON null when the text did not say.
type IncidentJSON struct {
	Victim          string                `json:"victim"`
	AmountUSD       *int64                `json:"amount_usd"`
	AmountQualifier string                `json:"amount_qualifier,omitempty"`
	AmountUSDMax    *int64                `json:"amount_usd_max,omitempty"`
	AmountNative    *heistwatch.Money     `json:"amount_native"`
	Actor           *string               `json:"actor"`
	ActorFamily     *string               `json:"actor_family"`
	Attribution     *string               `json:"attribution"`
	AttributedBy    *string               `json:"attributed_by"`
	Date            *string               `json:"date"`
	Technique       *string               `json:"technique"`
	Confidence      float64               `json:"confidence"`
	Rules           []string              `json:"rules"`
	Evidence        []heistwatch.Evidence `json:"evidence"`
}

// AggregateJSON is a total over many thefts in the --jsonl contract.
type AggregateJSON struct {
	ActorFamily *string               `json:"actor_family"`
	Actor       *string               `json:"actor,omitempty"`
	AmountUSD   *int64                `json:"amount_usd"`
	Period      string                `json:"period"`
	Confidence  float64               `json:"confidence"`
	Rules       []string              `json:"rules"`
	Evidence    []heistwatch.Evidence `json:"evidence"`
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// NewRecord converts a Result into its --jsonl line.
func NewRecord(id string, r Result) Record {
	rec := Record{ID: id, Incidents: []IncidentJSON{}, Aggregates: []AggregateJSON{}}
	for _, c := range r.Incidents {
		ev := c.Evidence
		if ev == nil {
			ev = []heistwatch.Evidence{}
		}
		rec.Incidents = append(rec.Incidents, IncidentJSON{
			Victim: c.Victim, AmountUSD: c.AmountUSD, AmountQualifier: c.AmountQualifier,
			AmountUSDMax: c.AmountUSDMax, AmountNative: c.AmountNative, Actor: nullable(c.Actor),
			ActorFamily: nullable(c.ActorFamily), Attribution: nullable(c.Attribution),
			AttributedBy: nullable(c.AttributedBy), Date: nullable(c.Date), Technique: nullable(c.Technique),
			Confidence: c.Confidence, Rules: c.Rules, Evidence: ev,
		})
	}
	for _, c := range r.Aggregates {
		ev := c.Evidence
		if ev == nil {
			ev = []heistwatch.Evidence{}
		}
		rec.Aggregates = append(rec.Aggregates, AggregateJSON{
			ActorFamily: nullable(c.ActorFamily), Actor: nullable(c.Actor), AmountUSD: c.AmountUSD,
			Period: c.Period, Confidence: c.Confidence, Rules: c.Rules, Evidence: ev,
		})
	}
	return rec
}
