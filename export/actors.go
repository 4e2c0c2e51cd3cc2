package export

import "strings"

// ActorInfo is what the STIX writer needs to know about a threat actor.
type ActorInfo struct {
	// Name is the canonical name the STIX object carries (and its id is
	// derived from), so "Lazarus" and "Lazarus Group" are one object.
	Name string
	// Aliases are other names for the same actor.
	Aliases []string
	// Person marks a named individual, written as a threat-actor rather
	// than an intrusion-set.
	Person bool
}

// knownActors is a small built-in table of the actors most often named in
// theft reporting, used when Options.Actors is nil. The extractor's own
// gazetteer is larger; a caller can pass it through Options.Actors.
var knownActors = []ActorInfo{
	{Name: "Lazarus Group", Aliases: []string{"Lazarus", "HIDDEN COBRA", "Diamond Sleet", "ZINC", "Labyrinth Chollima"}},
	{Name: "APT38", Aliases: []string{"BlueNoroff", "Stardust Chollima", "Sapphire Sleet", "BeagleBoyz", "TA444"}},
	{Name: "TraderTraitor", Aliases: []string{"Jade Sleet", "UNC4899", "Slow Pisces", "Pukchong"}},
	{Name: "AppleJeus", Aliases: []string{"Citrine Sleet", "UNC1720"}},
	{Name: "Andariel", Aliases: []string{"Onyx Sleet", "Silent Chollima", "Stonefly"}},
	{Name: "Kimsuky", Aliases: []string{"Emerald Sleet", "Velvet Chollima", "APT43", "Thallium"}},
	{Name: "APT37", Aliases: []string{"ScarCruft", "Ricochet Chollima", "InkySquid", "Ruby Sleet"}},
	{Name: "Famous Chollima", Aliases: []string{"Contagious Interview", "DeceptiveDevelopment"}},
	{Name: "Moonstone Sleet", Aliases: []string{"Storm-1789"}},
	{Name: "Scattered Spider", Aliases: []string{"UNC3944", "Octo Tempest", "0ktapus"}},
	{Name: "Inferno Drainer"},
	{Name: "Pink Drainer"},
	{Name: "Angel Drainer"},
	{Name: "Predatory Sparrow", Aliases: []string{"Gonjeshke Darande", "Gonjeshk-e Darande"}},
	{Name: "Park Jin Hyok", Person: true},
	{Name: "Alexey Bilyuchenko", Aliases: []string{"Aleksey Bilyuchenko"}, Person: true},
	{Name: "Ilya Lichtenstein", Person: true},
	{Name: "Avraham Eisenberg", Person: true},
}

// KnownActor looks an actor up by name or alias in the built-in table,
// ignoring case, a leading "the" and a trailing "hackers" ("Lazarus
// hackers" is Lazarus).
func KnownActor(actor string) (ActorInfo, bool) {
	key := foldName(actor)
	if k, ok := strings.CutSuffix(key, " hackers"); ok && k != "" {
		key = k
	}
	for _, a := range knownActors {
		if foldName(a.Name) == key {
			return a, true
		}
		for _, al := range a.Aliases {
			if foldName(al) == key {
				return a, true
			}
		}
	}
	return ActorInfo{}, false
}

func foldName(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.TrimPrefix(s, "the ")
}

// family describes an actor family code as a STIX threat-actor.
type family struct {
	name    string
	aliases []string
	kind    string // a threat-actor-type-ov value
}

// families names the state codes the extractor gives. Codes not listed
// become a threat-actor named by the code; "CRIME" (non-state criminals, who
// share nothing but a motive) becomes none.
var families = map[string]family{
	"DPRK": {"North Korea (DPRK)", []string{"Democratic People's Republic of Korea", "North Korean state"}, "nation-state"},
	"RU":   {"Russia-linked actors", []string{"Russia"}, "unknown"},
	"CN":   {"China-linked actors", []string{"China"}, "unknown"},
	"IR":   {"Iran-linked actors", []string{"Iran"}, "unknown"},
	"IL":   {"Israel-linked actors", []string{"Israel"}, "unknown"},
}

// familyActor returns the threat-actor for a family code, or false for none.
func familyActor(code string) (family, bool) {
	switch code {
	case "", "CRIME":
		return family{}, false
	}
	if f, ok := families[code]; ok {
		return f, true
	}
	return family{name: code, kind: "unknown"}, true
}
