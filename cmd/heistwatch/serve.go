package main

import "context"

// cmdServe is not built yet: it says so and exits 2.
func cmdServe(ctx context.Context, a *app, args []string) error {
	fs := a.flags("serve", "heistwatch serve")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	return errNotBuilt
}
