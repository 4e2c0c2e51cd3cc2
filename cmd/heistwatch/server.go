package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"github.com/heistwatch/heistwatch"
)

// metricsWriter is anything that can print Prometheus text-format metrics.
type metricsWriter interface {
	WritePrometheus(w io.Writer)
}

// serveHTTP runs the one HTTP server of the process — /healthz, /metrics and
// the review UI and API — until ctx is done, then shuts it down gracefully.
// It logs the address it listens on (HEISTWATCH_LISTEN=127.0.0.1:0 picks a
// free port). ready, when not nil, receives the address once listening.
func (a *app) serveHTTP(ctx context.Context, st heistwatch.Store, metrics []metricsWriter, ready chan<- string) error {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		pctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if _, err := st.Feeds(pctx); err != nil {
			http.Error(w, "store: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		io.WriteString(w, "ok\n")
	})
	mux.HandleFunc("GET /metrics", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
		for _, m := range metrics {
			m.WritePrometheus(w)
		}
	})
	ui, err := a.uiHandler(ctx, st)
	if err != nil {
		return err
	}
	mux.Handle("/", ui)

	ln, err := net.Listen("tcp", a.cfg.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.Listen, err)
	}
	addr := ln.Addr().String()
	a.log.Info("listening", "addr", addr, "url", "http://"+addr+"/")
	if ready != nil {
		ready <- addr
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("http server: %w", err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("http shutdown: %w", err)
	}
	return nil
}
