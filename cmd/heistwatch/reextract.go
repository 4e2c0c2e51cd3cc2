package main

import "context"

// cmdReextract is not built yet: it says so and exits 2.
func cmdReextract(ctx context.Context, a *app, args []string) error {
	fs := a.flags("reextract", "heistwatch reextract")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	return errNotBuilt
}
