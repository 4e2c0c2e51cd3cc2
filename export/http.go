package export

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"strings"

	"github.com/heistwatch/heistwatch"
)

// Handler serves GET /api/export?format=&since=&status=&actor_family= with
// the same output as the export command. base supplies the clock and actor
// table; its Format and Query are ignored. The handler does no
// authentication: mount it behind the API's token check.
//
// format is csv, json (the default), ndjson or stix; since an RFC 3339 time,
// a date or a duration back from now ("since=last" is refused: the cursor is
// the command's, and an API client keeps its own from the records'
// updated_at); status a comma-separated list or "all" (default approved);
// actor_family a code such as DPRK.
func Handler(st heistwatch.Store, log *slog.Logger, base Options) http.Handler {
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			httpError(w, http.StatusMethodNotAllowed, "use GET")
			return
		}
		opts, err := requestOptions(r, base)
		if err != nil {
			httpError(w, http.StatusBadRequest, err.Error())
			return
		}
		h := w.Header()
		h.Set("Content-Type", ContentType(opts.Format))
		h.Set("Content-Disposition", `attachment; filename="heistwatch-export.`+Extension(opts.Format)+`"`)
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		if r.Method == http.MethodHead {
			return
		}
		cw := &countingWriter{w: w}
		n, err := Write(r.Context(), cw, st, opts)
		if err == nil {
			log.Info("export served", "format", opts.Format, "incidents", n)
			return
		}
		log.Error("export failed", "format", opts.Format, "after_incidents", n, "err", err)
		if cw.n == 0 {
			// Nothing reached the client yet, so it can still get a real error.
			h.Del("Content-Disposition")
			httpError(w, statusOf(err), publicMessage(err))
		}
		// Otherwise the body is cut short, which every format makes visible
		// (an unclosed JSON array or bundle, a CSV without its last row).
	})
}

// requestOptions reads the query string into export options.
func requestOptions(r *http.Request, base Options) (Options, error) {
	q := r.URL.Query()
	opts := base
	opts.Query = heistwatch.IncidentQuery{}
	opts.Format = strings.ToLower(q.Get("format"))
	if opts.Format == "" {
		opts.Format = JSON
	}
	if err := CheckFormat(opts.Format); err != nil {
		return opts, err
	}
	status, err := ParseStatus(q.Get("status"))
	if err != nil {
		return opts, err
	}
	opts.Query.Status = status
	opts.Query.ActorFamily = strings.ToUpper(strings.TrimSpace(q.Get("actor_family")))
	if s := q.Get("since"); s != "" {
		if s == "last" {
			return opts, heistwatch.Errorf(heistwatch.CodeInvalid,
				"since=last is for the export command; pass the greatest updated_at of your previous export")
		}
		t, err := ParseSince(s, opts.Now)
		if err != nil {
			return opts, err
		}
		opts.Query.ChangedSince = t
	}
	return opts, nil
}

func statusOf(err error) int {
	switch heistwatch.ErrorCode(err) {
	case heistwatch.CodeInvalid:
		return http.StatusBadRequest
	case heistwatch.CodeNotFound:
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

// publicMessage keeps internal errors (paths, SQL) out of responses.
func publicMessage(err error) string {
	var e *heistwatch.Error
	if errors.As(err, &e) && e.Code != heistwatch.CodeInternal {
		return e.Message
	}
	return "export failed; see the server log"
}

func httpError(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": msg})
}

// countingWriter remembers whether any byte went to the client.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
