package review

import (
	"net/http"
	"strings"

	"github.com/heistwatch/heistwatch"
)

type usersView struct {
	Users []heistwatch.User
	// Created and Password are shown once, right after an account is made.
	Created  string
	Password string
	Error    string
}

// usersPage lists the accounts and offers a form to add one (admins only).
func (s *server) usersPage(w http.ResponseWriter, r *http.Request, p *principal) {
	s.renderUsers(w, r, p, http.StatusOK, usersView{})
}

func (s *server) renderUsers(w http.ResponseWriter, r *http.Request, p *principal, status int, v usersView) {
	var err error
	if v.Users, err = s.st.Users(r.Context()); err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	s.render(w, r, status, "users", p, "Users", v)
}

// addUser makes an account with a generated password, shown once.
func (s *server) addUser(w http.ResponseWriter, r *http.Request, p *principal) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	role := heistwatch.Role(r.PostFormValue("role"))
	if err := ValidUserName(name); err != nil {
		s.renderUsers(w, r, p, http.StatusBadRequest, usersView{Error: err.Error()})
		return
	}
	if !ValidRole(role) {
		s.renderUsers(w, r, p, http.StatusBadRequest, usersView{Error: "role must be viewer, reviewer or admin"})
		return
	}
	pw := NewPassword()
	hash, err := HashPassword(pw)
	if err != nil {
		s.errorPage(w, r, p, err)
		return
	}
	if _, err := s.st.AddUser(r.Context(), heistwatch.User{Name: name, Role: role, PasswordHash: hash, CreatedAt: s.now().UTC()}); err != nil {
		if heistwatch.ErrorCode(err) == heistwatch.CodeConflict {
			s.renderUsers(w, r, p, http.StatusConflict, usersView{Error: "a user named " + name + " already exists"})
			return
		}
		s.errorPage(w, r, p, err)
		return
	}
	s.log.Info("user added", "user", name, "role", role, "by", p.Name)
	s.renderUsers(w, r, p, http.StatusOK, usersView{Created: name, Password: pw})
}

// ValidUserName checks a reviewer name: 1 to 64 letters, digits, dot,
// dash or underscore, so it reads cleanly in the audit log.
func ValidUserName(name string) error {
	if name == "" || len(name) > 64 {
		return heistwatch.Errorf(heistwatch.CodeInvalid, "user name must be 1 to 64 characters")
	}
	for _, r := range name {
		ok := r == '.' || r == '-' || r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !ok {
			return heistwatch.Errorf(heistwatch.CodeInvalid, "user name %q: use letters, digits, dot, dash or underscore", name)
		}
	}
	return nil
}
