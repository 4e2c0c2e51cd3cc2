package export

import "github.com/heistwatch/heistwatch/extract"

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

// unknownActors is the lookup used when Options.Actors is nil: it knows no
// actor, so each is written under the name the claim gives it. The caller
// that has the extractor's gazetteer passes it instead.
func unknownActors(string) (ActorInfo, bool) { return ActorInfo{}, false }

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

// GazetteerActors gives the STIX writer the extractor's actor gazetteer
// (embedded plus the rules file's actors) as Options.Actors, so an actor is
// described with the same names the extractor recognises it by.
func GazetteerActors(x *extract.Extractor) func(string) (ActorInfo, bool) {
	return func(name string) (ActorInfo, bool) {
		a, ok := x.Actor(name)
		if !ok {
			return ActorInfo{}, false
		}
		return ActorInfo{Name: a.Name, Aliases: a.Aliases, Person: a.Person}, true
	}
}
