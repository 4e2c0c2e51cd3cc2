package main

import (
	"context"
	"net/http"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/cluster"
	"github.com/heistwatch/heistwatch/review"
)

// uiHandler serves the review UI and JSON API. On a store without any
// account it first creates an admin with a random password and prints it
// once to stderr, so a newcomer can sign in at once; there is no default
// password.
func (a *app) uiHandler(ctx context.Context, st heistwatch.Store) (http.Handler, error) {
	if _, err := review.FirstRun(ctx, st, a.stderr); err != nil {
		return nil, err
	}
	actors, err := a.actorLookup()
	if err != nil {
		return nil, err
	}
	return review.New(review.Options{
		ExportActors:  actors,
		Store:         st,
		Clusterer:     cluster.New(),
		Log:           a.log,
		Now:           a.now,
		LeaseTime:     a.cfg.Review.LeaseTime,
		SessionTime:   a.cfg.Review.SessionTime,
		SecureCookies: a.cfg.Review.SecureCookies,
	})
}
