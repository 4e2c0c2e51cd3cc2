package review

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/bcrypt"

	"github.com/heistwatch/heistwatch"
)

// Cookie names. The sign-in cookie only carries the CSRF secret of the
// sign-in form, before there is a session to tie it to.
const (
	sessionCookie = "hw_session"
	signInCookie  = "hw_signin"
)

// principal is the signed-in user of a request.
type principal struct {
	heistwatch.User
	// session is the raw session token ("" for an API token), the secret
	// the CSRF token is derived from.
	session string
}

// csrf is the token every state-changing form must carry.
func (p *principal) csrf() string { return csrfFor(p.session) }

// can says whether the user's role reaches want.
func (p *principal) can(want heistwatch.Role) bool { return roleRank(p.Role) >= roleRank(want) }

func roleRank(r heistwatch.Role) int {
	switch r {
	case heistwatch.RoleViewer:
		return 1
	case heistwatch.RoleReviewer:
		return 2
	case heistwatch.RoleAdmin:
		return 3
	}
	return 0
}

// ValidRole reports whether r is one of the three roles.
func ValidRole(r heistwatch.Role) bool { return roleRank(r) > 0 }

// randomString returns n random bytes, base64url without padding.
func randomString(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand panics rather than return an error)
	return base64.RawURLEncoding.EncodeToString(b)
}

// NewPassword returns a random password of 24 characters (144 bits).
func NewPassword() string { return randomString(18) }

// NewToken returns a random API token. Only its hash is stored.
func NewToken() string { return "hw_" + randomString(32) }

// HashToken is how session and API tokens are stored: hex SHA-256. The tokens
// are random, so a fast hash is enough; a leaked table gives no usable token.
func HashToken(tok string) string {
	sum := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(sum[:])
}

// csrfFor derives a form token from a secret (the session token). An
// attacker's page cannot read the HttpOnly cookie, so it cannot forge it.
func csrfFor(secret string) string {
	if secret == "" {
		return ""
	}
	sum := sha256.Sum256([]byte("heistwatch csrf\x00" + secret))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func sameToken(a, b string) bool {
	return a != "" && subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1
}

// HashPassword checks a password is usable and returns its bcrypt hash.
func HashPassword(pw string) (string, error) {
	if n := utf8.RuneCountInString(pw); n < 8 {
		return "", heistwatch.Errorf(heistwatch.CodeInvalid, "password too short: %d characters, want at least 8", n)
	}
	if len(pw) > 72 {
		return "", heistwatch.Errorf(heistwatch.CodeInvalid, "password too long: bcrypt uses at most 72 bytes")
	}
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.DefaultCost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

// FirstRun creates an admin account named "admin" with a random password when
// the store has no account at all, and prints the password once to w. There
// is never a default password. It reports whether it created the account.
func FirstRun(ctx context.Context, users heistwatch.UserStore, w io.Writer) (bool, error) {
	list, err := users.Users(ctx)
	if err != nil {
		return false, fmt.Errorf("first run: list users: %w", err)
	}
	if len(list) > 0 {
		return false, nil
	}
	pw := NewPassword()
	hash, err := HashPassword(pw)
	if err != nil {
		return false, err
	}
	if _, err := users.AddUser(ctx, heistwatch.User{Name: "admin", Role: heistwatch.RoleAdmin, PasswordHash: hash}); err != nil {
		if errors.Is(err, heistwatch.ErrConflict) {
			return false, nil // another daemon made it first
		}
		return false, fmt.Errorf("first run: add admin: %w", err)
	}
	fmt.Fprintf(w, "\nheistwatch: no account existed, so one was created. Sign in as\n\n    user:     admin\n    password: %s\n\n"+
		"This password is shown once. Change it with `heistwatch users password admin`;\n"+
		"add reviewers with `heistwatch users add NAME --role reviewer`.\n\n", pw)
	return true, nil
}

// authenticate finds the user of a request: an API token (Authorization:
// Bearer) or a session cookie. It returns nil when there is neither.
func (s *server) authenticate(r *http.Request) (*principal, error) {
	if h := r.Header.Get("Authorization"); h != "" {
		tok, ok := strings.CutPrefix(h, "Bearer ")
		if !ok || tok == "" {
			return nil, nil
		}
		u, err := s.st.TokenUser(r.Context(), HashToken(strings.TrimSpace(tok)))
		if errors.Is(err, heistwatch.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, fmt.Errorf("token user: %w", err)
		}
		return &principal{User: u}, nil
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	u, err := s.st.SessionUser(r.Context(), HashToken(c.Value), s.now())
	if errors.Is(err, heistwatch.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("session user: %w", err)
	}
	return &principal{User: u, session: c.Value}, nil
}

// checkCSRF refuses a state-changing request by cookie whose form field or
// X-CSRF-Token header does not match the session's token. API-token requests
// carry no ambient credentials, so they need none.
func checkCSRF(r *http.Request, p *principal) bool {
	if p.session == "" {
		return true
	}
	got := r.Header.Get("X-CSRF-Token")
	if got == "" {
		got = r.PostFormValue("csrf")
	}
	return sameToken(got, p.csrf())
}

type handlerFunc func(w http.ResponseWriter, r *http.Request, p *principal)

// page guards an HTML route: no session sends the browser to sign in, a
// role too low gets 403, a POST without the CSRF token gets 403.
func (s *server) page(role heistwatch.Role, fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticate(r)
		if err != nil {
			s.errorPage(w, r, nil, err)
			return
		}
		if p == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/signin?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.errorPage(w, r, nil, heistwatch.Errorf(heistwatch.CodeUnauthorized, "sign in first"))
			return
		}
		if r.Method != http.MethodGet && !checkCSRF(r, p) {
			s.errorPage(w, r, p, heistwatch.Errorf(heistwatch.CodeUnauthorized, "the form's CSRF token is missing or stale: reload the page and try again"))
			return
		}
		if !p.can(role) {
			s.errorPage(w, r, p, heistwatch.Errorf(heistwatch.CodeUnauthorized, "your role (%s) may not do this; it needs %s", p.Role, role))
			return
		}
		fn(w, r, p)
	})
}

// api guards a JSON route like page, answering 401/403 in JSON.
func (s *server) api(role heistwatch.Role, fn handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := s.authenticate(r)
		if err != nil {
			s.apiError(w, r, err)
			return
		}
		if p == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="heistwatch"`)
			writeJSON(w, http.StatusUnauthorized, apiErr{Error: "sign in or send Authorization: Bearer TOKEN", Code: string(heistwatch.CodeUnauthorized)})
			return
		}
		if r.Method != http.MethodGet && !checkCSRF(r, p) {
			s.apiError(w, r, heistwatch.Errorf(heistwatch.CodeUnauthorized, "missing or stale X-CSRF-Token header"))
			return
		}
		if !p.can(role) {
			s.apiError(w, r, heistwatch.Errorf(heistwatch.CodeUnauthorized, "role %s may not do this; it needs %s", p.Role, role))
			return
		}
		fn(w, r, p)
	})
}

func (s *server) setCookie(w http.ResponseWriter, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, SameSite: http.SameSiteLaxMode, Secure: s.opt.SecureCookies,
	})
}

type signInView struct {
	CSRF, Next, Name, Error string
}

func (s *server) signInPage(w http.ResponseWriter, r *http.Request) {
	if p, _ := s.authenticate(r); p != nil && p.session != "" {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.renderSignIn(w, r, http.StatusOK, signInView{Next: r.URL.Query().Get("next")})
}

// renderSignIn shows the form with a CSRF token bound to a fresh sign-in cookie.
func (s *server) renderSignIn(w http.ResponseWriter, r *http.Request, status int, v signInView) {
	secret := randomString(24)
	s.setCookie(w, signInCookie, secret, 3600)
	v.CSRF = csrfFor(secret)
	v.Next = safeNext(v.Next)
	s.render(w, r, status, "signin", nil, "Sign in", v)
}

func (s *server) signIn(w http.ResponseWriter, r *http.Request) {
	next := r.PostFormValue("next")
	c, err := r.Cookie(signInCookie)
	if err != nil || !sameToken(r.PostFormValue("csrf"), csrfFor(c.Value)) {
		s.renderSignIn(w, r, http.StatusForbidden, signInView{Next: next, Error: "The sign-in form expired; please try again."})
		return
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	if wait, blocked := s.fails.blocked(name, s.now()); blocked {
		s.renderSignIn(w, r, http.StatusTooManyRequests, signInView{Next: next, Name: name,
			Error: fmt.Sprintf("Too many failed sign-ins for this name; try again in %d minutes.", int(wait.Minutes())+1)})
		return
	}
	u, err := s.st.UserByName(r.Context(), name)
	if err != nil && !errors.Is(err, heistwatch.ErrNotFound) {
		s.errorPage(w, r, nil, err)
		return
	}
	hash := u.PasswordHash
	if hash == "" {
		hash = s.dummyHash() // spend the same time whether or not the name exists
	}
	if bcrypt.CompareHashAndPassword([]byte(hash), []byte(r.PostFormValue("password"))) != nil || u.ID == 0 {
		s.fails.fail(name, s.now())
		s.log.Warn("sign-in refused", "user", name, "remote", r.RemoteAddr)
		s.renderSignIn(w, r, http.StatusUnauthorized, signInView{Next: next, Name: name, Error: "Wrong name or password."})
		return
	}
	s.fails.reset(name)
	tok := randomString(32)
	if err := s.st.CreateSession(r.Context(), HashToken(tok), u.ID, s.now().Add(s.opt.SessionTime)); err != nil {
		s.errorPage(w, r, nil, err)
		return
	}
	s.setCookie(w, sessionCookie, tok, int(s.opt.SessionTime.Seconds()))
	s.setCookie(w, signInCookie, "", -1)
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
}

func (s *server) signOut(w http.ResponseWriter, r *http.Request, p *principal) {
	if p.session != "" {
		if err := s.st.DeleteSession(r.Context(), HashToken(p.session)); err != nil {
			s.errorPage(w, r, p, err)
			return
		}
	}
	s.setCookie(w, sessionCookie, "", -1)
	http.Redirect(w, r, "/signin", http.StatusSeeOther)
}

// dummyHash is a bcrypt hash of nothing anyone can type, compared against
// when a name is unknown.
func (s *server) dummyHash() string {
	s.dummyOnce.Do(func() {
		h, _ := bcrypt.GenerateFromPassword([]byte(randomString(16)), bcrypt.DefaultCost)
		s.dummy = string(h)
	})
	return s.dummy
}

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return "/"
	}
	return next
}

// Sign-in throttling: after maxFails wrong passwords for one name within
// failWindow, that name is refused until the window ends, so a password
// cannot be guessed at the speed of the network.
const (
	maxFails   = 10
	failWindow = 15 * time.Minute
	maxTracked = 10000 // names tracked at once; expired ones are dropped first
)

// throttle counts failed sign-ins per name. It belongs to one server.
type throttle struct {
	mu    sync.Mutex
	fails map[string]failCount
}

type failCount struct {
	n     int
	since time.Time
}

// blocked says whether name is locked out at now, and for how long.
func (t *throttle) blocked(name string, now time.Time) (time.Duration, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	f, ok := t.fails[name]
	if !ok || f.n < maxFails {
		return 0, false
	}
	if left := f.since.Add(failWindow).Sub(now); left > 0 {
		return left, true
	}
	delete(t.fails, name)
	return 0, false
}

func (t *throttle) fail(name string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.fails == nil {
		t.fails = map[string]failCount{}
	}
	if len(t.fails) >= maxTracked {
		for k, f := range t.fails {
			if now.Sub(f.since) > failWindow {
				delete(t.fails, k)
			}
		}
		if len(t.fails) >= maxTracked {
			return // under a flood of names: stop tracking new ones rather than grow
		}
	}
	f := t.fails[name]
	if f.n == 0 || now.Sub(f.since) > failWindow {
		f = failCount{since: now}
	}
	f.n++
	t.fails[name] = f
}

func (t *throttle) reset(name string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, name)
}
