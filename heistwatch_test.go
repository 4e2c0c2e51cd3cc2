package heistwatch

import (
	"errors"
	"fmt"
	"testing"
)

func usd(v int64) *int64 { return &v }

func TestEffectiveOverlaysOnlySetFields(t *testing.T) {
	inc := Incident{
		Extracted: Fields{Victim: "Ronin Network", AmountUSD: usd(620000000), Actor: "Lazarus Group", ActorFamily: "DPRK", Date: "2022-03"},
		Edits: Edits{
			Fields: Fields{Victim: "ignored: not in Set", AmountUSD: usd(625000000), AmountQualifier: "over", Actor: "TraderTraitor"},
			Set:    []string{"amount_usd", "actor"},
		},
	}
	got := inc.Effective()
	if got.Victim != "Ronin Network" {
		t.Errorf("victim = %q: an edit not named in Set must not apply", got.Victim)
	}
	if got.AmountUSD == nil || *got.AmountUSD != 625000000 || got.AmountQualifier != "over" {
		t.Errorf("amount = %v %q, want the reviewer's 625000000 over", got.AmountUSD, got.AmountQualifier)
	}
	if got.Actor != "TraderTraitor" || got.ActorFamily != "DPRK" || got.Date != "2022-03" {
		t.Errorf("effective = %+v", got)
	}
	if *inc.Extracted.AmountUSD != 620000000 || inc.Extracted.Actor != "Lazarus Group" {
		t.Errorf("Effective changed the extracted values: %+v", inc.Extracted)
	}
}

func TestEveryEditableFieldApplies(t *testing.T) {
	for _, name := range EditableFields {
		inc := Incident{Edits: Edits{Fields: Fields{Victim: "v", AmountUSD: usd(1), AmountNative: &Money{Value: 1, Unit: "BTC"},
			Actor: "a", ActorFamily: "RU", Attribution: Suspected, AttributedBy: "FBI", Date: "2024", Technique: "exploit"}, Set: []string{name}}}
		if got := inc.Effective(); got == (Fields{}) {
			t.Errorf("editing %s changed nothing", name)
		}
	}
}

func TestErrorCodes(t *testing.T) {
	notFound := fmt.Errorf("load incident 7: %w", Errorf(CodeNotFound, "incident 7 not found"))
	conflict := fmt.Errorf("approve: %w", ErrConflict)
	tests := []struct {
		err      error
		code     Code
		notFound bool
		conflict bool
	}{
		{notFound, CodeNotFound, true, false},
		{conflict, CodeConflict, false, true},
		{Errorf(CodeInvalid, "bad"), CodeInvalid, false, false},
		{errors.New("disk on fire"), CodeInternal, false, false},
	}
	for _, tt := range tests {
		if got := ErrorCode(tt.err); got != tt.code {
			t.Errorf("ErrorCode(%v) = %s, want %s", tt.err, got, tt.code)
		}
		if errors.Is(tt.err, ErrNotFound) != tt.notFound || errors.Is(tt.err, ErrConflict) != tt.conflict {
			t.Errorf("errors.Is(%v): not found %v, conflict %v; want %v, %v", tt.err,
				errors.Is(tt.err, ErrNotFound), errors.Is(tt.err, ErrConflict), tt.notFound, tt.conflict)
		}
	}
}
