package main

import (
	"context"
	"fmt"
)

// cmdMigrate applies the store's migrations; opening the store does it, so
// this command exists for operators who want it done before a deploy.
func cmdMigrate(ctx context.Context, a *app, args []string) error {
	fs := a.flags("migrate", "heistwatch migrate")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	fmt.Fprintf(a.stdout, "store %s is up to date\n", redactDSN(a.cfg.StorePath()))
	return nil
}
