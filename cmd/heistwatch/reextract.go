package main

import (
	"context"
	"fmt"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/cluster"
	"github.com/heistwatch/heistwatch/extract"
)

const reextractUsage = `heistwatch reextract [--config FILE] [--rules FILE]

Reruns the current extraction rules over every stored document (its newest
version) after a rules change, replaces the document's claims, and places the
new claims into incidents. Reviewer decisions stay: an approved or rejected
incident keeps its status and edits, and one that gains a claim is flagged
for another look.`

// claimExtractor builds the function that turns a stored document into
// claims, from the embedded rules plus the config's rules file.
func claimExtractor(rulesFile string) (func(heistwatch.Document) []heistwatch.Claim, error) {
	x, err := extract.New(rulesFile)
	if err != nil {
		return nil, fmt.Errorf("extraction rules: %w", err)
	}
	return func(d heistwatch.Document) []heistwatch.Claim {
		pub := ""
		if !d.Published.IsZero() {
			pub = d.Published.UTC().Format("2006-01-02")
		}
		res := x.Extract(extract.Input{Text: d.Text, Title: d.Title, URL: d.URL, Published: pub})
		return append(res.Incidents, res.Aggregates...)
	}, nil
}

func cmdReextract(ctx context.Context, a *app, args []string) error {
	fs := a.flags("reextract", reextractUsage)
	rules := fs.String("rules", "", "extra rules `file` (default: rules in the config)")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	if *rules != "" {
		a.cfg.Rules = *rules
	}
	claimsOf, err := claimExtractor(a.cfg.Rules)
	if err != nil {
		return err
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()

	start := time.Now()
	docs, claims := 0, 0
	err = st.Documents(ctx, func(d heistwatch.Document) error {
		cs := claimsOf(d)
		if err := st.ReplaceClaims(ctx, d.ID, d.Version, cs); err != nil {
			return fmt.Errorf("document %d (%s): %w", d.ID, d.URL, err)
		}
		docs++
		claims += len(cs)
		if docs%500 == 0 {
			a.log.Info("reextract progress", "documents", docs, "claims", claims)
		}
		return nil
	})
	if err != nil {
		return err
	}
	placed, err := st.ClusterClaims(ctx, cluster.New(), a.now())
	if err != nil {
		return fmt.Errorf("cluster claims: %w", err)
	}
	fmt.Fprintf(a.stdout, "reextracted %d documents: %d claims, %d placed into incidents (%s)\n",
		docs, claims, placed, time.Since(start).Round(time.Millisecond))
	return nil
}
