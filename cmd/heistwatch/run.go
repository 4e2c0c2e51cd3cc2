package main

import "context"

// cmdRun is not built yet: it says so and exits 2.
func cmdRun(ctx context.Context, a *app, args []string) error {
	fs := a.flags("run", "heistwatch run")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	return errNotBuilt
}
