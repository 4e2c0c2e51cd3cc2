package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/heistwatch/heistwatch"
)

const userCols = `u.id, u.name, u.role, u.password_hash, u.created_at`

func scanUser(s interface{ Scan(...any) error }) (heistwatch.User, error) {
	var u heistwatch.User
	var role string
	var created int64
	err := s.Scan(&u.ID, &u.Name, &role, &u.PasswordHash, &created)
	u.Role, u.CreatedAt = heistwatch.Role(role), tm(created)
	return u, err
}

func (db *DB) oneUser(ctx context.Context, what string, key any, query string, args ...any) (heistwatch.User, error) {
	u, err := scanUser(db.read().row(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return u, notFound(what, key)
	}
	if err != nil {
		return u, fmt.Errorf("%s %v: %w", what, key, err)
	}
	return u, nil
}

// AddUser inserts an account; a name already taken is a conflict.
func (db *DB) AddUser(ctx context.Context, u heistwatch.User) (heistwatch.User, error) {
	u.Name = strings.TrimSpace(u.Name)
	if u.Name == "" {
		return u, invalid("user name is empty")
	}
	switch u.Role {
	case heistwatch.RoleViewer, heistwatch.RoleReviewer, heistwatch.RoleAdmin:
	default:
		return u, invalid("user %s: role %q is not viewer, reviewer or admin", u.Name, u.Role)
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = db.now()
	}
	err := db.tx(ctx, func(c conn) error {
		return c.row(ctx, `INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (name) DO NOTHING RETURNING id`, u.Name, string(u.Role), u.PasswordHash, ts(u.CreatedAt)).Scan(&u.ID)
	})
	if errors.Is(err, sql.ErrNoRows) {
		return u, conflict("user %s already exists", u.Name)
	}
	if err != nil {
		return u, fmt.Errorf("add user %s: %w", u.Name, err)
	}
	u.CreatedAt = tm(ts(u.CreatedAt))
	return u, nil
}

// UserByName finds an account by name.
func (db *DB) UserByName(ctx context.Context, name string) (heistwatch.User, error) {
	return db.oneUser(ctx, "user", name, `SELECT `+userCols+` FROM users u WHERE u.name = ?`, name)
}

// UserByID finds an account by id.
func (db *DB) UserByID(ctx context.Context, id int64) (heistwatch.User, error) {
	return db.oneUser(ctx, "user", id, `SELECT `+userCols+` FROM users u WHERE u.id = ?`, id)
}

// Users lists accounts by name.
func (db *DB) Users(ctx context.Context) ([]heistwatch.User, error) {
	rows, err := db.read().query(ctx, `SELECT `+userCols+` FROM users u ORDER BY u.name`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []heistwatch.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// execOne runs one write that must touch a row, else not found.
func (db *DB) execOne(ctx context.Context, what string, key any, query string, args ...any) error {
	err := db.tx(ctx, func(c conn) error {
		res, err := c.exec(ctx, query, args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return notFound(what, key)
		}
		return nil
	})
	if err != nil && !errors.Is(err, heistwatch.ErrNotFound) {
		return fmt.Errorf("%s %v: %w", what, key, err)
	}
	return err
}

// SetPassword replaces a user's password hash.
func (db *DB) SetPassword(ctx context.Context, userID int64, hash string) error {
	return db.execOne(ctx, "user", userID, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID)
}

// CreateSession stores a session under the hash of its token.
func (db *DB) CreateSession(ctx context.Context, tokenHash string, userID int64, expires time.Time) error {
	err := db.tx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO sessions (token_hash, user_id, expires_at) VALUES (?, ?, ?)`,
			tokenHash, userID, ts(expires))
		return err
	})
	if err != nil {
		return fmt.Errorf("create session for user %d: %w", userID, err)
	}
	return nil
}

// SessionUser returns the user of an unexpired session.
func (db *DB) SessionUser(ctx context.Context, tokenHash string, now time.Time) (heistwatch.User, error) {
	if now.IsZero() {
		now = db.now()
	}
	return db.oneUser(ctx, "session", "(hidden)", `SELECT `+userCols+` FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ? AND s.expires_at > ?`, tokenHash, ts(now))
}

// DeleteSession ends a session; an unknown one is not an error.
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	err := db.tx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
		return err
	})
	if err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// CreateToken stores an API token under its hash.
func (db *DB) CreateToken(ctx context.Context, tokenHash string, userID int64, label string) error {
	err := db.tx(ctx, func(c conn) error {
		_, err := c.exec(ctx, `INSERT INTO tokens (token_hash, user_id, label, created_at) VALUES (?, ?, ?, ?)`,
			tokenHash, userID, label, ts(db.now()))
		return err
	})
	if err != nil {
		return fmt.Errorf("create token for user %d: %w", userID, err)
	}
	return nil
}

// TokenUser returns the user an API token belongs to.
func (db *DB) TokenUser(ctx context.Context, tokenHash string) (heistwatch.User, error) {
	return db.oneUser(ctx, "token", "(hidden)", `SELECT `+userCols+` FROM tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ?`, tokenHash)
}
