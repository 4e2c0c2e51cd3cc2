package extract

import "strings"

// Actor is one threat actor of the gazetteer (embedded actors.json plus a
// rules file's actors), so other stages can describe an actor a claim names
// without keeping a table of their own.
type Actor struct {
	Name    string   // canonical name, e.g. "Lazarus Group"
	Aliases []string // other names, each once whatever its case or a trailing "hackers"
	Family  string   // state code such as "DPRK"; "" for criminals and unknowns, as in claims
	Person  bool     // a named individual rather than a group
}

// Actor looks an actor up by its name or any alias, ignoring case, spacing,
// a leading "the" and a trailing "hackers" ("Lazarus hackers" is Lazarus).
func (x *Extractor) Actor(name string) (Actor, bool) {
	key := actorKey(name)
	i, ok := x.actorIndex[key]
	if !ok {
		if k, cut := strings.CutSuffix(key, " hackers"); cut && k != "" {
			i, ok = x.actorIndex[k]
		}
	}
	if !ok {
		return Actor{}, false
	}
	e := x.actors[i]
	a := Actor{Name: e.Name, Family: e.Family, Person: e.Kind == "individual"}
	if a.Family == "CRIME" {
		a.Family = ""
	}
	// "Lazarus hackers" is a wording of Lazarus, not another name for it
	seen := map[string]bool{actorKey(e.Name): true}
	for _, s := range append(append([]string(nil), e.Aliases...), e.Ambiguous...) {
		if k := strings.TrimSuffix(actorKey(s), " hackers"); !seen[k] {
			seen[k] = true
			a.Aliases = append(a.Aliases, s)
		}
	}
	return a, true
}

// indexActors maps every folded actor name and alias to its entry; the
// first entry naming an alias keeps it.
func (x *Extractor) indexActors() {
	x.actorIndex = map[string]int{}
	for i, e := range x.actors {
		for _, s := range append(append([]string{e.Name}, e.Aliases...), e.Ambiguous...) {
			if k := actorKey(s); k != "" {
				if _, dup := x.actorIndex[k]; !dup {
					x.actorIndex[k] = i
				}
			}
		}
	}
}

// actorKey folds an actor name for lookup: lower case, single spaces, no
// leading "the".
func actorKey(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.TrimPrefix(s, "the ")
}
