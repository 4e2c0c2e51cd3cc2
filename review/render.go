package review

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/cluster"
)

// pages are the templates, each parsed together with the layout.
var pages = []string{"signin", "queue", "incident", "confirm", "candidates", "aggregates", "audit", "users", "error"}

// parseTemplates parses every page once at start; html/template escapes each
// value for where it lands (text, attribute, URL), so article and feed text
// never becomes markup.
func parseTemplates() (map[string]*template.Template, error) {
	funcs := template.FuncMap{
		"usd":     usd,
		"when":    when,
		"day":     func(t time.Time) string { return dayOf(t) },
		"pct":     func(f float64) string { return fmt.Sprintf("%.0f%%", f*100) },
		"label":   func(name string) string { return fieldLabels[name] },
		"figure":  func(f cluster.Figure) string { return f.String() },
		"keyhelp": func() [][2]string { return keyHelp },
	}
	out := map[string]*template.Template{}
	for _, name := range pages {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("review: parse template %s: %w", name, err)
		}
		out[name] = t
	}
	return out, nil
}

// keyHelp is the keyboard cheat-sheet shown by "?".
var keyHelp = [][2]string{
	{"a", "approve, then next"}, {"r", "reject, then next"}, {"e", "edit fields"},
	{"m", "merge another incident into this one"}, {"s", "skip (give the lease back), then next"},
	{"u", "undo your last action here"}, {"j / k", "next / previous incident"},
	{"g", "back to the queue"}, {"?", "this help"},
}

// layout is what every page's template receives.
type layout struct {
	Title string
	User  *principal
	CSRF  string
	Data  any
}

// render executes a page into a buffer first, so a template error becomes a
// clean 500 rather than half a page.
func (s *server) render(w http.ResponseWriter, r *http.Request, status int, name string, p *principal, title string, data any) {
	l := layout{Title: title, User: p, Data: data}
	if p != nil {
		l.CSRF = p.csrf()
	}
	var buf bytes.Buffer
	if err := s.tmpl[name].Execute(&buf, l); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error rendering the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// errorPage shows err with the status its code maps to.
func (s *server) errorPage(w http.ResponseWriter, r *http.Request, p *principal, err error) {
	status := httpStatus(err)
	if status == http.StatusForbidden && p == nil {
		status = http.StatusUnauthorized
	}
	s.render(w, r, status, "error", p, http.StatusText(status), struct {
		Status  int
		Message string
	}{status, s.publicMessage(r, err)})
}

type apiErr struct {
	Error   string               `json:"error"`
	Code    string               `json:"code"`
	Current *heistwatch.Incident `json:"current,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func (s *server) apiError(w http.ResponseWriter, r *http.Request, err error) {
	writeJSON(w, httpStatus(err), apiErr{Error: s.publicMessage(r, err), Code: string(heistwatch.ErrorCode(err))})
}

// usd shortens a dollar figure: $620M, $1.5B; "—" when unknown.
func usd(p *int64) string {
	if p == nil {
		return "—"
	}
	return cluster.FormatAmount(float64(*p), cluster.USD)
}

func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func dayOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// pluralize is "1 incident" / "2 incidents".
func pluralize(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
