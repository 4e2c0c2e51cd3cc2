package main

import "context"

// cmdUsers is not built yet: it says so and exits 2.
func cmdUsers(ctx context.Context, a *app, args []string) error {
	fs := a.flags("users", "heistwatch users")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	return errNotBuilt
}
