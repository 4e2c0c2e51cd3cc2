package export

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schemaDir holds the OASIS STIX 2.1 JSON schemas (shared, read-only).
const schemaDir = "../../shared/data/stix2.1-schemas"

// stixSchemas compiles the schema of every object type, keyed by type; it
// skips the test when the schemas are absent.
func stixSchemas(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	s := stixSchemasIfPresent(t)
	if s == nil {
		t.Skipf("STIX schemas not present in %s", schemaDir)
	}
	return s
}

// stixSchemasIfPresent is stixSchemas returning nil when they are absent.
func stixSchemasIfPresent(t *testing.T) map[string]*jsonschema.Schema {
	t.Helper()
	if _, err := os.Stat(schemaDir); err != nil {
		return nil
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat() // stricter than the shared Python check: URLs must be URIs
	byType := map[string]string{}
	err := filepath.WalkDir(schemaDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".json") {
			return err
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			return err
		}
		id, _ := doc.(map[string]any)["$id"].(string)
		if err := c.AddResource(id, doc); err != nil {
			return err
		}
		kind, name := filepath.Base(filepath.Dir(path)), strings.TrimSuffix(filepath.Base(path), ".json")
		if kind == "sdos" || kind == "sros" || kind == "observables" || name == "marking-definition" || name == "extension-definition" {
			byType[name] = id
		}
		return nil
	})
	if err != nil {
		t.Fatalf("load schemas: %v", err)
	}
	out := map[string]*jsonschema.Schema{}
	for typ, id := range byType {
		sch, err := c.Compile(id)
		if err != nil {
			t.Fatalf("compile %s: %v", id, err)
		}
		out[typ] = sch
	}
	return out
}

// checkBundle validates a bundle: the envelope, every object against its
// type's schema, unique ids, every *_ref(s) resolving inside the bundle,
// created <= modified, and ids that are UUIDv5 of the object's own type.
// It returns the objects by id.
func checkBundle(t *testing.T, schemas map[string]*jsonschema.Schema, data []byte) (objects []map[string]any) {
	t.Helper()
	var env map[string]any
	if err := json.Unmarshal(data, &env); err != nil {
		t.Fatalf("bundle does not parse: %v", err)
	}
	if env["type"] != "bundle" || !strings.HasPrefix(env["id"].(string), "bundle--") {
		t.Errorf("envelope: type %v id %v", env["type"], env["id"])
	}
	for _, k := range []string{"spec_version", "created"} {
		if _, ok := env[k]; ok {
			t.Errorf("a STIX 2.1 bundle must not carry %s (MISP reads it as 2.0)", k)
		}
	}
	raw, _ := env["objects"].([]any)
	if len(raw) == 0 {
		t.Fatal("bundle has no objects")
	}
	seen := map[string]bool{}
	for _, o := range raw {
		obj := o.(map[string]any)
		id, _ := obj["id"].(string)
		if seen[id] {
			t.Errorf("duplicate id %s", id)
		}
		seen[id] = true
		objects = append(objects, obj)
	}
	for _, obj := range objects {
		id, typ := obj["id"].(string), obj["type"].(string)
		sch := schemas[typ]
		if sch == nil {
			t.Errorf("%s: no schema for type %s", id, typ)
			continue
		}
		// Validate a fresh decoding with the validator's own number handling.
		b, _ := json.Marshal(obj)
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(string(b)))
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(inst); err != nil {
			t.Errorf("%s does not match the %s schema: %v", id, typ, err)
		}
		prefix, u, _ := strings.Cut(id, "--")
		if prefix != typ {
			t.Errorf("%s: id prefix is not its type %s", id, typ)
		}
		if parsed, err := uuid.Parse(u); err != nil || (typ != "marking-definition" && parsed.Version() != 5) {
			t.Errorf("%s: want a UUIDv5 (deterministic) id", id)
		}
		forRefs(obj, func(key, ref string) {
			if !seen[ref] {
				t.Errorf("%s: %s %s is not in the bundle", id, key, ref)
			}
		})
		if c, m := obj["created"], obj["modified"]; m != nil {
			ct, err1 := time.Parse(time.RFC3339Nano, c.(string))
			mt, err2 := time.Parse(time.RFC3339Nano, m.(string))
			if err1 != nil || err2 != nil || mt.Before(ct) {
				t.Errorf("%s: created %v, modified %v", id, c, m)
			}
		}
	}
	return objects
}

// forRefs calls fn for every *_ref and *_refs value anywhere in v.
func forRefs(v any, fn func(key, ref string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, val := range x {
			switch {
			case strings.HasSuffix(k, "_ref"):
				if s, ok := val.(string); ok {
					fn(k, s)
				}
			case strings.HasSuffix(k, "_refs"):
				for _, r := range val.([]any) {
					fn(k, r.(string))
				}
			default:
				forRefs(val, fn)
			}
		}
	case []any:
		for _, e := range x {
			forRefs(e, fn)
		}
	}
}

func TestSTIXValid(t *testing.T) {
	schemas := stixSchemas(t)
	st := fixtureStore(t)
	objects := checkBundle(t, schemas, export(t, st, defaults(STIX)))

	byID := map[string]map[string]any{}
	count := map[string]int{}
	for _, o := range objects {
		byID[o["id"].(string)] = o
		count[o["type"].(string)]++
	}
	approved := st.approved()
	if count["incident"] != len(approved) || count["report"] != len(approved) {
		t.Fatalf("%d incidents and %d reports, want %d each", count["incident"], count["report"], len(approved))
	}
	// Each report carries the facts and points at the incident and every
	// usable source article.
	for _, inc := range approved {
		var report map[string]any
		for _, o := range objects {
			if o["type"] == "report" && slices.Contains(o["object_refs"].([]any), any(incidentRef(inc.ID))) {
				report = o
			}
		}
		if report == nil {
			t.Errorf("incident %d: no report refers to it", inc.ID)
			continue
		}
		desc := report["description"].(string)
		f := inc.Effective()
		if f.Victim != "" && !strings.Contains(desc, f.Victim) {
			t.Errorf("incident %d: report description %q lacks the victim", inc.ID, desc)
		}
		if f.Actor != "" && !strings.Contains(desc, f.Actor) {
			t.Errorf("incident %d: report description %q lacks the actor", inc.ID, desc)
		}
		var urls []string
		for _, r := range report["external_references"].([]any) {
			if u, ok := r.(map[string]any)["url"].(string); ok {
				urls = append(urls, u)
			}
		}
		for _, s := range inc.Sources {
			if strings.HasPrefix(s.URL, "http") && !slices.Contains(urls, s.URL) {
				t.Errorf("incident %d: report does not point at source %s", inc.ID, s.URL)
			}
		}
	}
	// Relationships: the Bybit incident targets Bybit and is attributed to
	// the canonical Lazarus Group intrusion set, which carries aliases.
	inc2 := incidentRef(2)
	var targets, attributed map[string]any
	for _, o := range objects {
		if o["type"] == "relationship" && o["source_ref"] == inc2 {
			switch o["relationship_type"] {
			case "targets":
				targets = byID[o["target_ref"].(string)]
			case "attributed-to":
				attributed = byID[o["target_ref"].(string)]
			}
		}
	}
	if targets == nil || targets["name"] != "Bybit" || targets["type"] != "identity" {
		t.Errorf("incident 2 targets %v, want the Bybit identity", targets)
	}
	if attributed == nil || attributed["type"] != "intrusion-set" || attributed["name"] != "Lazarus Group" || attributed["aliases"] == nil {
		t.Errorf("incident 2 attributed to %v, want intrusion-set Lazarus Group with aliases", attributed)
	}
	// A generic wording ("North Korean hackers") is no group: incident 8 is
	// attributed to the DPRK family itself.
	for _, o := range objects {
		if o["type"] == "relationship" && o["source_ref"] == incidentRef(8) && o["relationship_type"] == "attributed-to" {
			if target := byID[o["target_ref"].(string)]; target["name"] != "North Korea (DPRK)" {
				t.Errorf("incident 8 attributed to %v, want the DPRK threat actor", target["name"])
			}
		}
		if o["name"] == "North Korean hackers" {
			t.Errorf("a generic actor wording became a %s", o["type"])
		}
	}
	// The person actor is a threat-actor; the CRIME family makes no object.
	for _, o := range objects {
		if o["name"] == "Avraham Eisenberg" && o["type"] != "threat-actor" {
			t.Errorf("a named person should be a threat-actor, got %v", o["type"])
		}
		if o["name"] == "CRIME" {
			t.Errorf("the CRIME family should not become a threat actor")
		}
	}
}

func incidentRef(id int64) string {
	s := newSTIXWriter(nil, unknownActors)
	return s.id("incident", strconv.FormatInt(id, 10))
}

// TestSTIXVersioning: a change to one incident moves the modified time of
// that incident's objects only, keeps every id, and changes the bundle id.
func TestSTIXVersioning(t *testing.T) {
	st := fixtureStore(t)
	before := export(t, st, defaults(STIX))
	st.incidents[0].UpdatedAt = st.incidents[0].UpdatedAt.Add(time.Hour)
	after := export(t, st, defaults(STIX))

	parse := func(b []byte) (string, map[string]string) {
		var env struct {
			ID      string           `json:"id"`
			Objects []map[string]any `json:"objects"`
		}
		if err := json.Unmarshal(b, &env); err != nil {
			t.Fatal(err)
		}
		mod := map[string]string{}
		for _, o := range env.Objects {
			m, _ := o["modified"].(string)
			mod[o["id"].(string)] = m
		}
		return env.ID, mod
	}
	id1, m1 := parse(before)
	id2, m2 := parse(after)
	if id1 == id2 {
		t.Errorf("bundle id did not change with its content")
	}
	if len(m1) != len(m2) {
		t.Fatalf("object count changed: %d, %d", len(m1), len(m2))
	}
	changed := 0
	for id, m := range m1 {
		n, ok := m2[id]
		if !ok {
			t.Fatalf("id %s vanished after an edit", id)
		}
		if n != m {
			changed++
			if n < m {
				t.Errorf("%s: modified went back from %s to %s", id, m, n)
			}
		}
	}
	// incident 1's incident, report, targets and attributed-to relationships
	if changed != 4 {
		t.Errorf("%d objects changed version, want 4 (incident 1's incident, report and two relationships)", changed)
	}
}

func TestDescribe(t *testing.T) {
	st := fixtureStore(t)
	for _, tc := range []struct {
		id   int64
		want string
	}{
		{1, "DMM Bitcoin lost US$305,000,000 (4,502.9 BTC) in 2024-05. Technique: social-engineering. Attributed to TraderTraitor (DPRK), confirmed, according to FBI. Sources: 2 articles. Reviewed (approved) by alice on 2024-12-24."},
		{2, "Bybit lost US$1,460,000,000 (401,347 ETH) on 2025-02-21. Technique: supply-chain. Attributed to Lazarus Group (DPRK), confirmed, according to FBI. Sources: 1 article. Reviewed (approved) by bob on 2025-02-27."},
		{7, "An unnamed victim lost US$10,000,000\u201312,000,000. Attributed to RU, suspected. Sources: 2 articles. Reviewed (approved) by alice on 2025-06-01."},
	} {
		for _, inc := range st.incidents {
			if inc.ID == tc.id {
				if got := describe(&inc, inc.Effective()); got != tc.want {
					t.Errorf("incident %d:\n got %s\nwant %s", tc.id, got, tc.want)
				}
			}
		}
	}
}
