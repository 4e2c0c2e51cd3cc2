package main

import "context"

// cmdFetch is not built yet: it says so and exits 2.
func cmdFetch(ctx context.Context, a *app, args []string) error {
	fs := a.flags("fetch", "heistwatch fetch")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	return errNotBuilt
}
