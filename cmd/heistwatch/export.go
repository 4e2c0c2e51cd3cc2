package main

import "context"

// cmdExport is not built yet: it says so and exits 2.
func cmdExport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("export", "heistwatch export")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	return errNotBuilt
}
