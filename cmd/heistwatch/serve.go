package main

import (
	"context"
	"fmt"
)

const serveUsage = `heistwatch serve [--config FILE] [--store S] [--data-dir DIR] [--listen ADDR]

The review server alone, without fetching: the web UI, the JSON API (see
review/API.md), /healthz and /metrics on one address. On a store with no
account it creates "admin" with a random password and prints it once.`

// cmdServe runs the review server alone (UI, JSON API, /healthz, /metrics)
// without fetching, until interrupted.
func cmdServe(ctx context.Context, a *app, args []string) error {
	fs := a.flags("serve", serveUsage)
	fs.StringVar(&a.listen, "listen", "", "`addr` to serve on (default $HEISTWATCH_LISTEN, else the config's listen)")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments, got %q", pos)
	}
	// The config's feeds are stored as at every start, so the UI's feed
	// filter lists them even before the first fetch.
	st, err := a.openSyncedStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := a.serveHTTP(ctx, st, nil, nil); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
