package main

import "context"

// cmdExtract is not built yet: it says so and exits 2.
func cmdExtract(ctx context.Context, a *app, args []string) error {
	fs := a.flags("extract", "heistwatch extract")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	return errNotBuilt
}
