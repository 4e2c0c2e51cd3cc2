package main

import "context"

// cmdReview is not built yet: it says so and exits 2.
func cmdReview(ctx context.Context, a *app, args []string) error {
	fs := a.flags("review", "heistwatch review")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	return errNotBuilt
}
