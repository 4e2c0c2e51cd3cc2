package main

import (
	"context"
	"fmt"
	"html/template"
	"net/http"

	"github.com/heistwatch/heistwatch"
)

var statusPage = template.Must(template.New("status").Parse(`<!doctype html><html><head><meta charset="utf-8"><title>heistwatch</title></head>
<body><h1>heistwatch</h1><p>Feeds: {{.FeedsOK}} ok, {{.FeedsFailing}} failing. Documents: {{.Documents}}. Claims: {{.Claims}}.</p>
<p>The review UI is not built yet.</p></body></html>`))

// uiHandler serves the review UI; until it is built, a small status page.
func (a *app) uiHandler(ctx context.Context, st heistwatch.Store) (http.Handler, error) {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			http.NotFound(w, r)
			return
		}
		s, err := st.Stats(r.Context())
		if err != nil {
			http.Error(w, fmt.Sprintf("store: %v", err), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		statusPage.Execute(w, s)
	}), nil
}
