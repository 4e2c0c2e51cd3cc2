// Package review serves the human step of heistwatch: the review queue in the
// browser (server-rendered HTML with a little JavaScript for the keyboard),
// the JSON API for scripts, and the accounts that guard both.
//
// Every change goes through the store's UpdateIncident with the version the
// reviewer saw, so two reviewers never overwrite each other silently: the
// later write gets 409 Conflict and an audit entry records the refused try.
package review

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/cluster"
	"github.com/heistwatch/heistwatch/export"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Options are the server's dependencies and settings; nothing is global.
type Options struct {
	// Store holds incidents, documents, users and sessions.
	Store heistwatch.Store
	// Clusterer summarises incidents after a merge or a split; nil means
	// cluster.New().
	Clusterer heistwatch.Clusterer
	// Log receives request errors; nil discards them.
	Log *slog.Logger
	// Now is the clock; nil means time.Now.
	Now func() time.Time
	// LeaseTime is how long an opened incident stays reserved to its reviewer.
	LeaseTime time.Duration
	// SessionTime is how long a sign-in lasts.
	SessionTime time.Duration
	// SecureCookies marks cookies Secure (behind HTTPS).
	SecureCookies bool
	// PageSize is how many incidents a queue page lists (default 50).
	PageSize int
	// ExportActors describes actors in /api/export's STIX (the extractor's
	// gazetteer, as the export command uses); nil knows no actor.
	ExportActors func(actor string) (export.ActorInfo, bool)
}

// server is the review UI and API for one store.
type server struct {
	opt  Options
	st   heistwatch.Store
	log  *slog.Logger
	now  func() time.Time
	tmpl map[string]*template.Template

	dummyOnce sync.Once
	dummy     string
	fails     throttle
}

// New returns the handler for the review UI (/, /signin, /incidents/…) and the
// JSON API (/api/…). It is meant to be mounted at "/".
func New(opt Options) (http.Handler, error) {
	if opt.Store == nil {
		return nil, errors.New("review: no store")
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.LeaseTime <= 0 {
		opt.LeaseTime = 5 * time.Minute
	}
	if opt.SessionTime <= 0 {
		opt.SessionTime = 7 * 24 * time.Hour
	}
	if opt.PageSize <= 0 {
		opt.PageSize = 50
	}
	if opt.Clusterer == nil {
		opt.Clusterer = cluster.New()
	}
	s := &server{opt: opt, st: opt.Store, log: opt.Log, now: opt.Now}
	var err error
	if s.tmpl, err = parseTemplates(); err != nil {
		return nil, err
	}
	return s.routes(), nil
}

// routes lists every route of the UI and the API in one place.
func (s *server) routes() http.Handler {
	mux := http.NewServeMux()
	static, _ := fs.Sub(staticFS, "static")
	mux.Handle("GET /static/", http.StripPrefix("/static/", cacheFor(time.Hour, http.FileServerFS(static))))

	mux.HandleFunc("GET /signin", s.signInPage)
	mux.HandleFunc("POST /signin", s.signIn)
	mux.Handle("POST /signout", s.page(heistwatch.RoleViewer, s.signOut))

	mux.Handle("GET /{$}", s.page(heistwatch.RoleViewer, s.queuePage))
	mux.Handle("GET /aggregates", s.page(heistwatch.RoleViewer, s.aggregatesPage))
	mux.Handle("GET /next", s.page(heistwatch.RoleViewer, s.nav))
	mux.Handle("GET /incidents/{id}", s.page(heistwatch.RoleViewer, s.incidentPage))
	mux.Handle("GET /incidents/{id}/candidates", s.page(heistwatch.RoleReviewer, s.candidatesPage))
	mux.Handle("POST /incidents/{id}/{action}", s.page(heistwatch.RoleReviewer, s.incidentAction))
	mux.Handle("POST /bulk", s.page(heistwatch.RoleReviewer, s.bulk))
	mux.Handle("GET /audit", s.page(heistwatch.RoleViewer, s.auditPage))
	mux.Handle("GET /users", s.page(heistwatch.RoleAdmin, s.usersPage))
	mux.Handle("POST /users", s.page(heistwatch.RoleAdmin, s.addUser))

	mux.Handle("GET /api/incidents", s.api(heistwatch.RoleViewer, s.apiList))
	mux.Handle("GET /api/incidents/{id}", s.api(heistwatch.RoleViewer, s.apiShow))
	mux.Handle("POST /api/incidents/{id}/{action}", s.api(heistwatch.RoleReviewer, s.apiAction))
	mux.Handle("POST /api/incidents/merge", s.api(heistwatch.RoleReviewer, s.apiMerge))
	mux.Handle("GET /api/audit", s.api(heistwatch.RoleViewer, s.apiAudit))
	mux.Handle("GET /api/me", s.api(heistwatch.RoleViewer, s.apiMe))
	exp := export.Handler(s.st, s.log, export.Options{Now: s.now, Actors: s.opt.ExportActors})
	mux.Handle("GET /api/export", s.api(heistwatch.RoleViewer, func(w http.ResponseWriter, r *http.Request, _ *principal) {
		exp.ServeHTTP(w, r)
	}))

	return securityHeaders(http.NewCrossOriginProtection().Handler(mux))
}

// securityHeaders keeps the browser from running anything but our own script
// even if some text ever slipped past the escaping.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hd := w.Header()
		hd.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "+
			"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		hd.Set("X-Content-Type-Options", "nosniff")
		hd.Set("Referrer-Policy", "same-origin")
		hd.Set("X-Frame-Options", "DENY")
		h.ServeHTTP(w, r)
	})
}

func cacheFor(d time.Duration, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", fmt.Sprintf("public, max-age=%d", int(d.Seconds())))
		h.ServeHTTP(w, r)
	})
}

// httpStatus maps a coded store error to an HTTP status.
func httpStatus(err error) int {
	switch heistwatch.ErrorCode(err) {
	case heistwatch.CodeInvalid:
		return http.StatusBadRequest
	case heistwatch.CodeNotFound:
		return http.StatusNotFound
	case heistwatch.CodeConflict:
		return http.StatusConflict
	case heistwatch.CodeUnauthorized:
		return http.StatusForbidden
	}
	return http.StatusInternalServerError
}

// publicMessage is what a user may read about err: the message of a coded
// error, or a generic text for an internal one (which is logged instead).
func (s *server) publicMessage(r *http.Request, err error) string {
	var e *heistwatch.Error
	if errors.As(err, &e) && e.Code != heistwatch.CodeInternal {
		return err.Error()
	}
	s.log.Error("review request", "method", r.Method, "path", r.URL.Path, "err", err)
	return "internal error; see the server log"
}
