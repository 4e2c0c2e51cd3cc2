package extract

import (
	"strings"
	"testing"
)

func TestActorLookup(t *testing.T) {
	x := newTestExtractor(t)
	tests := []struct {
		in             string
		name, family   string
		person, wantOK bool
	}{
		{"Lazarus", "Lazarus Group", "DPRK", false, true},
		{"the  lazarus group", "Lazarus Group", "DPRK", false, true},
		{"Lazarus hackers", "Lazarus Group", "DPRK", false, true},
		{"HIDDEN COBRA", "Lazarus Group", "DPRK", false, true},
		{"Jade Sleet", "TraderTraitor", "DPRK", false, true},
		{"BlueNoroff hackers", "APT38", "DPRK", false, true},
		{"Inferno Drainer", "Inferno Drainer", "", false, true},
		{"Park Jin Hyok", "Park Jin Hyok", "DPRK", true, true},
		{"Aleksey Bilyuchenko", "Alexey Bilyuchenko", "", true, true},
		{"Predatory Sparrow", "Predatory Sparrow", "IL", false, true},
		{"Quorbix Crew", "", "", false, false},
		{"hackers", "", "", false, false},
		{"", "", "", false, false},
	}
	for _, tt := range tests {
		a, ok := x.Actor(tt.in)
		if ok != tt.wantOK || a.Name != tt.name || a.Family != tt.family || a.Person != tt.person {
			t.Errorf("Actor(%q) = %+v, %v; want %q family %q person %v, %v", tt.in, a, ok, tt.name, tt.family, tt.person, tt.wantOK)
		}
	}
	a, _ := x.Actor("Lazarus")
	seen := map[string]bool{strings.ToLower(a.Name): true}
	for _, al := range a.Aliases {
		k := strings.TrimSuffix(strings.ToLower(al), " hackers")
		if seen[k] {
			t.Errorf("alias %q repeats the name or another alias", al)
		}
		seen[k] = true
	}
	if !seen["diamond sleet"] || !seen["hidden cobra"] {
		t.Errorf("Lazarus aliases miss Diamond Sleet or HIDDEN COBRA: %v", a.Aliases)
	}
}
