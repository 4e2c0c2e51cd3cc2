package main

import (
	"context"
	"fmt"
)

// schemaVersioner is what a store tells about its schema (store/sqldb does).
type schemaVersioner interface {
	SchemaVersion(ctx context.Context) (int, error)
}

// cmdMigrate applies the store's migrations; opening the store does it, so
// this command exists for operators who want it done before a deploy. It
// prints the schema version reached, to compare with the release notes.
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
	where := redactDSN(a.cfg.StorePath())
	sv, ok := st.(schemaVersioner)
	if !ok {
		fmt.Fprintf(a.stdout, "store %s is up to date\n", where)
		return nil
	}
	v, err := sv.SchemaVersion(ctx)
	if err != nil {
		return fmt.Errorf("store %s: %w", where, err)
	}
	fmt.Fprintf(a.stdout, "store %s is up to date at schema version %d\n", where, v)
	return nil
}
