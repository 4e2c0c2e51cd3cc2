package main

import (
	"context"
	"errors"
)

const runUsage = `heistwatch run [--config FILE] [--store S] [--data-dir DIR] [--listen ADDR]

The daemon: polls feeds on their schedules (fetch.schedule or the feed's own,
plus jitter), fetches and extracts new articles, groups claims into incidents,
and serves /healthz, /metrics and the review UI on one address
(HEISTWATCH_LISTEN; 127.0.0.1:0 picks a free port). SIGINT or SIGTERM stops it
within a few seconds; work in flight is handed back for the next start.`

func cmdRun(ctx context.Context, a *app, args []string) error {
	fs := a.flags("run", runUsage)
	fs.StringVar(&a.listen, "listen", "", "`addr` to serve on (default $HEISTWATCH_LISTEN, else the config's listen)")
	if _, err := a.parse(fs, args); err != nil {
		return err
	}
	st, err := a.openSyncedStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	in, err := newIngester(a, st)
	if err != nil {
		return err
	}
	defer in.Close()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error, 2)
	go func() { errc <- in.Run(ctx) }()
	go func() { errc <- a.serveHTTP(ctx, st, []metricsWriter{in.Metrics}, nil) }()
	a.log.Info("daemon started", "feeds_workers", a.cfg.Fetch.Workers, "article_workers", a.cfg.Fetch.ArticleWorkers,
		"schedule", a.cfg.Fetch.Schedule, "owner", in.Owner())
	first := <-errc
	cancel() // one half stopped (a signal, or the server failed): stop the other
	second := <-errc
	a.log.Info("daemon stopped")
	var errs []error
	for _, err := range []error{first, second} {
		if err != nil && !errors.Is(err, context.Canceled) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
