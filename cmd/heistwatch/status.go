package main

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
)

func cmdStatus(ctx context.Context, a *app, args []string) error {
	fs := a.flags("status", "heistwatch status [--json]")
	asJSON := fs.Bool("json", false, "print a JSON object")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := st.Stats(ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(a.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(s)
	}
	fmt.Fprintf(a.stdout, "feeds:      %d ok, %d failing\n", s.FeedsOK, s.FeedsFailing)
	fmt.Fprintf(a.stdout, "items:      %s\n", countList(s.Items))
	fmt.Fprintf(a.stdout, "documents:  %d\n", s.Documents)
	fmt.Fprintf(a.stdout, "claims:     %d (%d aggregates)\n", s.Claims, s.Aggregates)
	byStatus := map[string]int{}
	for k, v := range s.Incidents {
		byStatus[string(k)] = v
	}
	fmt.Fprintf(a.stdout, "incidents:  %s\n", countList(byStatus))
	fmt.Fprintf(a.stdout, "last poll:  %s\nnext poll:  %s\n", shortTime(s.LastPoll), shortTime(s.NextPoll))
	return nil
}

func countList(m map[string]int) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := ""
	for i, k := range keys {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%d %s", m[k], k)
	}
	return out
}
