package main

import (
	"context"
	"fmt"
)

// cmdServe runs the review server alone (UI, JSON API, /healthz, /metrics)
// without fetching, until interrupted.
func cmdServe(ctx context.Context, a *app, args []string) error {
	fs := a.flags("serve", "heistwatch serve [--listen ADDR]")
	fs.StringVar(&a.listen, "listen", "", "`address` to listen on (default $HEISTWATCH_LISTEN, else 127.0.0.1:8080)")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("serve takes no arguments, got %q", pos)
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	if err := a.serveHTTP(ctx, st, nil, nil); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
