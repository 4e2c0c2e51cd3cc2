package export

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/heistwatch/heistwatch"
)

// STIXNamespace is the UUID namespace of every STIX id heistwatch makes:
// ids are UUIDv5 over "type|natural key" in it, so a re-export of the same
// incident carries the same ids and a platform updates rather than
// duplicates. It is not the STIX namespace reserved for cyber observables.
const STIXNamespace = "a411760c-c432-4e61-937b-948087450e71"

// Fixed STIX facts.
const (
	tlpWhite = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"
	// sharedTime is created and modified of the objects whose content is
	// fixed by their id (the author, victims, actors, their links): they
	// never change, so their version never moves.
	sharedTime = "2020-01-01T00:00:00.000Z"
	stixTime   = "2006-01-02T15:04:05.000Z"
)

// stixObject holds the properties of every object type heistwatch writes;
// empty ones are left out. Field order is the order in the output.
type stixObject struct {
	Type               string         `json:"type"`
	SpecVersion        string         `json:"spec_version"`
	ID                 string         `json:"id"`
	CreatedByRef       string         `json:"created_by_ref,omitempty"`
	Created            string         `json:"created"`
	Modified           string         `json:"modified"`
	Name               string         `json:"name,omitempty"`
	Description        string         `json:"description,omitempty"`
	IdentityClass      string         `json:"identity_class,omitempty"`
	Sectors            []string       `json:"sectors,omitempty"`
	ThreatActorTypes   []string       `json:"threat_actor_types,omitempty"`
	Aliases            []string       `json:"aliases,omitempty"`
	ResourceLevel      string         `json:"resource_level,omitempty"`
	RelationshipType   string         `json:"relationship_type,omitempty"`
	SourceRef          string         `json:"source_ref,omitempty"`
	TargetRef          string         `json:"target_ref,omitempty"`
	ReportTypes        []string       `json:"report_types,omitempty"`
	Published          string         `json:"published,omitempty"`
	ObjectRefs         []string       `json:"object_refs,omitempty"`
	FirstSeen          string         `json:"first_seen,omitempty"` // OpenCTI reads it on incidents
	Revoked            bool           `json:"revoked,omitempty"`
	Schema             string         `json:"schema,omitempty"`
	Version            string         `json:"version,omitempty"`
	ExtensionTypes     []string       `json:"extension_types,omitempty"`
	Labels             []string       `json:"labels,omitempty"`
	Confidence         *int           `json:"confidence,omitempty"`
	ExternalReferences []externalRef  `json:"external_references,omitempty"`
	ObjectMarkingRefs  []string       `json:"object_marking_refs,omitempty"`
	Extensions         map[string]any `json:"extensions,omitempty"`
}

type externalRef struct {
	SourceName  string `json:"source_name"`
	Description string `json:"description,omitempty"`
	URL         string `json:"url,omitempty"`
	ExternalID  string `json:"external_id,omitempty"`
}

// theftFacts is the property extension on each incident: the values STIX
// has no property for, typed, so tools can read them without parsing prose.
type theftFacts struct {
	ExtensionType   string            `json:"extension_type"`
	IncidentID      int64             `json:"heistwatch_id"`
	Victim          string            `json:"victim,omitempty"`
	AmountUSD       *int64            `json:"amount_usd,omitempty"`
	AmountUSDMax    *int64            `json:"amount_usd_max,omitempty"`
	AmountQualifier string            `json:"amount_qualifier,omitempty"`
	AmountNative    *heistwatch.Money `json:"amount_native,omitempty"`
	TheftDate       string            `json:"theft_date,omitempty"`
	Technique       string            `json:"technique,omitempty"`
	Actor           string            `json:"actor,omitempty"`
	ActorFamily     string            `json:"actor_family,omitempty"`
	Attribution     string            `json:"attribution,omitempty"`
	AttributedBy    string            `json:"attributed_by,omitempty"`
	ReviewedBy      string            `json:"reviewed_by,omitempty"`
}

// stixWriter streams one bundle. Objects shared between incidents (victims,
// actors) are written once; seen remembers their ids, so its memory grows
// with the number of distinct victims and actors, not of incidents.
type stixWriter struct {
	w      *bufio.Writer
	actors func(string) (ActorInfo, bool)
	ns     uuid.UUID
	author string
	extID  string
	seen   map[string]bool
	any    bool
	hash   [sha256.Size]byte
	enc    *json.Encoder
	buf    bytes.Buffer
}

func newSTIXWriter(w *bufio.Writer, actors func(string) (ActorInfo, bool)) *stixWriter {
	s := &stixWriter{w: w, actors: actors, ns: uuid.MustParse(STIXNamespace), seen: map[string]bool{}}
	s.enc = json.NewEncoder(&s.buf)
	s.enc.SetEscapeHTML(false)
	s.author = s.id("identity", "author|heistwatch")
	s.extID = s.id("extension-definition", "heistwatch-theft-facts|1")
	return s
}

// id makes the deterministic STIX id of an object from its natural key.
func (s *stixWriter) id(typ, key string) string {
	return typ + "--" + uuid.NewSHA1(s.ns, []byte(typ+"|"+key)).String()
}

// emit writes one object to the bundle and folds it into the bundle's hash.
func (s *stixWriter) emit(v any) error {
	s.buf.Reset()
	if err := s.enc.Encode(v); err != nil {
		return err
	}
	b := bytes.TrimSuffix(s.buf.Bytes(), []byte("\n"))
	sep := ",\n"
	if !s.any {
		sep = "\n"
	}
	s.any = true
	s.w.WriteString(sep)
	_, err := s.w.Write(b)
	// Chain the hash so it covers every object in order without keeping them.
	h := sha256.New()
	h.Write(s.hash[:])
	h.Write(b)
	copy(s.hash[:], h.Sum(nil))
	return err
}

// begin opens the bundle and writes the objects every export carries: the
// author identity, the TLP:WHITE marking and the extension definition.
func (s *stixWriter) begin() error {
	s.w.WriteString(`{"type":"bundle","objects":[`)
	if err := s.emit(stixObject{
		Type: "identity", SpecVersion: "2.1", ID: s.author, Created: sharedTime, Modified: sharedTime,
		Name: "heistwatch", Description: "News monitoring for cryptocurrency thefts; incidents approved by human reviewers.",
		IdentityClass: "system", ObjectMarkingRefs: []string{tlpWhite},
	}); err != nil {
		return err
	}
	// The TLP:WHITE marking exactly as the STIX 2.1 specification defines it.
	if err := s.emit(struct {
		Type           string            `json:"type"`
		SpecVersion    string            `json:"spec_version"`
		ID             string            `json:"id"`
		Created        string            `json:"created"`
		DefinitionType string            `json:"definition_type"`
		Name           string            `json:"name"`
		Definition     map[string]string `json:"definition"`
	}{"marking-definition", "2.1", tlpWhite, "2017-01-20T00:00:00.000Z", "tlp", "TLP:WHITE", map[string]string{"tlp": "white"}}); err != nil {
		return err
	}
	return s.emit(stixObject{
		Type: "extension-definition", SpecVersion: "2.1", ID: s.extID, CreatedByRef: s.author,
		Created: sharedTime, Modified: sharedTime, Name: "heistwatch theft facts",
		Description: "Typed facts of a cryptocurrency theft as heistwatch reviewed them.",
		Schema: "Properties of the incident: heistwatch_id (integer), victim, amount_usd and amount_usd_max " +
			"(integer US dollars as the sources state them, never converted), amount_qualifier, amount_native " +
			"({value, unit} in the coin or currency stated), theft_date (YYYY, YYYY-MM or YYYY-MM-DD), technique, " +
			"actor (as worded), actor_family (state code such as DPRK), attribution (confirmed, attributed, " +
			"suspected), attributed_by, reviewed_by. Absent means the sources did not say.",
		Version: "1.0", ExtensionTypes: []string{"property-extension"}, ObjectMarkingRefs: []string{tlpWhite},
	})
}

// versionTimes are an incident object's created and modified properties,
// and its modified time: the incident's own times to the millisecond,
// modified never before created.
func versionTimes(inc *heistwatch.Incident) (cr, md string, modified time.Time) {
	created := inc.CreatedAt.UTC().Truncate(time.Millisecond)
	modified = inc.UpdatedAt.UTC().Truncate(time.Millisecond)
	if modified.Before(created) {
		modified = created
	}
	return created.Format(stixTime), modified.Format(stixTime), modified
}

func (s *stixWriter) incident(inc *heistwatch.Incident) error {
	f := inc.Effective()
	cr, md, modified := versionTimes(inc)
	name := incidentName(inc.ID, f)
	summary := describe(inc, f)
	refs := s.sourceRefs(inc)
	marking := []string{tlpWhite}
	incID := s.id("incident", strconv.FormatInt(inc.ID, 10))
	related := []string{incID}

	// Shared objects first, so every reference points backwards.
	var victimID, actorID, familyID string
	if v := normalizeSpace(f.Victim); v != "" {
		victimID = s.id("identity", "victim|"+v)
		if err := s.once(victimID, stixObject{
			Type: "identity", SpecVersion: "2.1", ID: victimID, CreatedByRef: s.author, Created: sharedTime, Modified: sharedTime,
			Name: v, IdentityClass: "organization", Sectors: []string{"financial-services"}, ObjectMarkingRefs: marking,
		}); err != nil {
			return err
		}
		related = append(related, victimID)
	}
	if fam, ok := familyActor(f.ActorFamily); ok {
		familyID = s.id("threat-actor", "family|"+f.ActorFamily)
		if err := s.once(familyID, stixObject{
			Type: "threat-actor", SpecVersion: "2.1", ID: familyID, CreatedByRef: s.author, Created: sharedTime, Modified: sharedTime,
			Name: fam.name, ThreatActorTypes: []string{fam.kind}, Aliases: fam.aliases, ObjectMarkingRefs: marking,
		}); err != nil {
			return err
		}
		related = append(related, familyID)
	}
	// An actor the table does not know, worded next to a family ("North
	// Korean hackers"), names no group: the family stands for it. Unknown
	// actors without a family become an intrusion set of their own name.
	var info ActorInfo
	known := false
	if a := normalizeSpace(f.Actor); a != "" {
		if info, known = s.actors(a); !known || info.Name == "" {
			info, known = ActorInfo{Name: a}, false
		}
	}
	if info.Name != "" && (known || familyID == "") {
		obj := stixObject{SpecVersion: "2.1", CreatedByRef: s.author, Created: sharedTime, Modified: sharedTime,
			Name: info.Name, Aliases: info.Aliases, ObjectMarkingRefs: marking}
		if info.Person {
			obj.Type, obj.ResourceLevel = "threat-actor", "individual"
		} else {
			obj.Type = "intrusion-set"
		}
		actorID = s.id(obj.Type, "actor|"+info.Name)
		obj.ID = actorID
		if err := s.once(actorID, obj); err != nil {
			return err
		}
		related = append(related, actorID)
		if familyID != "" {
			relID := s.id("relationship", "attributed-to|"+actorID+"|"+familyID)
			if err := s.once(relID, stixObject{
				Type: "relationship", SpecVersion: "2.1", ID: relID, CreatedByRef: s.author, Created: sharedTime, Modified: sharedTime,
				RelationshipType: "attributed-to", SourceRef: actorID, TargetRef: familyID, ObjectMarkingRefs: marking,
			}); err != nil {
				return err
			}
			related = append(related, relID)
		}
	}

	if err := s.emit(stixObject{
		Type: "incident", SpecVersion: "2.1", ID: incID, CreatedByRef: s.author, Created: cr, Modified: md,
		Name: name, Description: summary, FirstSeen: firstSeen(f.Date), Labels: []string{"cryptocurrency-theft"},
		Confidence: confidence(inc.Confidence), ExternalReferences: refs, ObjectMarkingRefs: marking,
		Extensions: map[string]any{s.extID: theftFacts{
			ExtensionType: "property-extension", IncidentID: inc.ID, Victim: f.Victim,
			AmountUSD: f.AmountUSD, AmountUSDMax: f.AmountUSDMax, AmountQualifier: f.AmountQualifier,
			AmountNative: f.AmountNative, TheftDate: f.Date, Technique: f.Technique, Actor: f.Actor,
			ActorFamily: f.ActorFamily, Attribution: f.Attribution, AttributedBy: f.AttributedBy, ReviewedBy: inc.ReviewedBy,
		}},
	}); err != nil {
		return err
	}

	// The incident's own relationships version with the incident.
	link := func(typ, target, desc string) error {
		id := s.id("relationship", typ+"|"+incID+"|"+target)
		related = append(related, id)
		return s.emit(stixObject{
			Type: "relationship", SpecVersion: "2.1", ID: id, CreatedByRef: s.author, Created: cr, Modified: md,
			RelationshipType: typ, SourceRef: incID, TargetRef: target, Description: desc, ObjectMarkingRefs: marking,
		})
	}
	if victimID != "" {
		if err := link("targets", victimID, ""); err != nil {
			return err
		}
	}
	attributedTo := actorID
	if attributedTo == "" {
		attributedTo = familyID
	}
	if attributedTo != "" {
		if err := link("attributed-to", attributedTo, attributionText(f)); err != nil {
			return err
		}
	}

	published := inc.ReviewedAt
	if published.IsZero() {
		published = modified
	}
	return s.emit(stixObject{
		Type: "report", SpecVersion: "2.1", ID: s.id("report", strconv.FormatInt(inc.ID, 10)), CreatedByRef: s.author,
		Created: cr, Modified: md, Name: "heistwatch: " + name, Description: summary,
		ReportTypes: []string{"threat-report"}, Published: published.UTC().Truncate(time.Millisecond).Format(stixTime),
		ObjectRefs: related, Labels: []string{"cryptocurrency-theft"}, Confidence: confidence(inc.Confidence),
		ExternalReferences: refs, ObjectMarkingRefs: marking,
	})
}

// withdrawn writes a new version of the incident and of its report, with
// the same ids, marked revoked: STIX's word for "no longer stands".
func (s *stixWriter) withdrawn(inc *heistwatch.Incident) error {
	f := inc.Effective()
	cr, md, _ := versionTimes(inc)
	name := incidentName(inc.ID, f)
	why := fmt.Sprintf("Withdrawn: the incident is now %s in heistwatch.", inc.Status)
	incID := s.id("incident", strconv.FormatInt(inc.ID, 10))
	if err := s.emit(stixObject{
		Type: "incident", SpecVersion: "2.1", ID: incID, CreatedByRef: s.author, Created: cr, Modified: md,
		Name: name, Description: why, Revoked: true, ObjectMarkingRefs: []string{tlpWhite},
	}); err != nil {
		return err
	}
	return s.emit(stixObject{
		Type: "report", SpecVersion: "2.1", ID: s.id("report", strconv.FormatInt(inc.ID, 10)), CreatedByRef: s.author,
		Created: cr, Modified: md, Name: "heistwatch: " + name, Description: why, ReportTypes: []string{"threat-report"},
		Published: md, ObjectRefs: []string{incID}, Revoked: true, ObjectMarkingRefs: []string{tlpWhite},
	})
}

// once emits a shared object the first time its id comes up.
func (s *stixWriter) once(id string, obj stixObject) error {
	if s.seen[id] {
		return nil
	}
	s.seen[id] = true
	return s.emit(obj)
}

// end closes the bundle. Its id comes last because it is derived from the
// content (equal exports, equal ids), which is only known at the end.
func (s *stixWriter) end() error {
	id := "bundle--" + uuid.NewSHA1(s.ns, s.hash[:]).String()
	_, err := fmt.Fprintf(s.w, "\n],\"id\":%q}\n", id)
	return err
}

// sourceRefs points at every source article, then at the heistwatch record.
func (s *stixWriter) sourceRefs(inc *heistwatch.Incident) []externalRef {
	refs := make([]externalRef, 0, len(inc.Sources)+1)
	for _, src := range inc.Sources {
		r := externalRef{SourceName: "news article"}
		if u, err := url.Parse(src.URL); err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" {
			r.SourceName, r.URL = u.Hostname(), src.URL
		}
		desc := normalizeSpace(src.Title)
		if !src.Published.IsZero() {
			desc = strings.TrimSpace(desc + " (published " + src.Published.UTC().Format(time.DateOnly) + ")")
		}
		if len(src.Evidence) > 0 {
			desc = strings.TrimSpace(desc + ": \u201c" + normalizeSpace(src.Evidence[0].Text) + "\u201d")
		}
		r.Description = desc
		if r.URL == "" && r.Description == "" {
			continue // nothing to point at
		}
		refs = append(refs, r)
	}
	return append(refs, externalRef{
		SourceName: "heistwatch", ExternalID: strconv.FormatInt(inc.ID, 10),
		Description: "heistwatch incident " + strconv.FormatInt(inc.ID, 10),
	})
}

// incidentName is unique enough that OpenCTI, which keys incidents on name
// and created, never folds two thefts into one.
func incidentName(id int64, f heistwatch.Fields) string {
	victim := normalizeSpace(f.Victim)
	switch {
	case victim != "" && f.Date != "":
		return victim + " theft, " + f.Date
	case victim != "":
		return victim + " theft"
	case f.Date != "":
		return "Theft #" + strconv.FormatInt(id, 10) + ", " + f.Date
	}
	return "Theft #" + strconv.FormatInt(id, 10)
}

// describe states an incident's key facts in one paragraph: MISP drops
// incident objects, so the report's description must carry them.
func describe(inc *heistwatch.Incident, f heistwatch.Fields) string {
	var b strings.Builder
	victim := normalizeSpace(f.Victim)
	if victim == "" {
		victim = "An unnamed victim"
	}
	b.WriteString(victim + " lost " + amountText(f))
	switch len(f.Date) {
	case 0:
	case 10:
		b.WriteString(" on " + f.Date)
	default:
		b.WriteString(" in " + f.Date)
	}
	b.WriteString(".")
	if f.Technique != "" {
		b.WriteString(" Technique: " + f.Technique + ".")
	}
	if f.Actor != "" || f.ActorFamily != "" {
		b.WriteString(" " + attributionText(f) + ".")
	}
	fmt.Fprintf(&b, " Sources: %d article", len(inc.Sources))
	if len(inc.Sources) != 1 {
		b.WriteString("s")
	}
	b.WriteString(".")
	if inc.ReviewedBy != "" {
		b.WriteString(" Reviewed (" + string(inc.Status) + ") by " + inc.ReviewedBy)
		if !inc.ReviewedAt.IsZero() {
			b.WriteString(" on " + inc.ReviewedAt.UTC().Format(time.DateOnly))
		}
		b.WriteString(".")
	}
	return b.String()
}

// attributionText says who did it, how surely and on whose word.
func attributionText(f heistwatch.Fields) string {
	who := normalizeSpace(f.Actor)
	switch {
	case who != "" && f.ActorFamily != "":
		who += " (" + f.ActorFamily + ")"
	case who == "":
		who = f.ActorFamily
	}
	s := "Attributed to " + who
	if f.Attribution != "" {
		s += ", " + f.Attribution
	}
	if f.AttributedBy != "" {
		s += ", according to " + f.AttributedBy
	}
	return s
}

func amountText(f heistwatch.Fields) string {
	var parts []string
	if f.AmountUSD != nil {
		usd := "US$" + groupDigits(strconv.FormatInt(*f.AmountUSD, 10))
		if f.AmountUSDMax != nil && *f.AmountUSDMax != *f.AmountUSD {
			usd += "\u2013" + groupDigits(strconv.FormatInt(*f.AmountUSDMax, 10))
		}
		if q := f.AmountQualifier; q != "" && q != "range" {
			usd = q + " " + usd
		}
		parts = append(parts, usd)
	}
	if n := f.AmountNative; n != nil {
		v := strconv.FormatFloat(n.Value, 'f', -1, 64)
		whole, frac, _ := strings.Cut(v, ".")
		if frac != "" {
			frac = "." + frac
		}
		parts = append(parts, groupDigits(whole)+frac+" "+n.Unit)
	}
	switch len(parts) {
	case 0:
		return "an undisclosed amount"
	case 1:
		return parts[0]
	}
	return parts[0] + " (" + parts[1] + ")"
}

// groupDigits puts thousands separators into a run of digits.
func groupDigits(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// firstSeen turns a theft date (YYYY, YYYY-MM, YYYY-MM-DD) into the start of
// that period as a STIX timestamp, or "" when it is not such a date.
func firstSeen(date string) string {
	for _, layout := range []string{time.DateOnly, "2006-01", "2006"} {
		if len(date) == len(layout) {
			if t, err := time.Parse(layout, date); err == nil {
				return t.Format(stixTime)
			}
		}
	}
	return ""
}

// confidence maps a 0–1 score onto STIX's 0–100 integer scale.
func confidence(c float64) *int {
	v := int(math.Round(c * 100))
	v = max(0, min(100, v))
	return &v
}

func normalizeSpace(s string) string { return strings.Join(strings.Fields(s), " ") }
