package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/review"
)

const usersUsage = `heistwatch users add NAME --role reviewer|viewer|admin [--password-stdin]
       heistwatch users password NAME [--password-stdin]
       heistwatch users token NAME [--label TEXT]
       heistwatch users list [--json]

add and password print a generated password once, unless --password-stdin
reads one (at least 8 characters) from the first line of stdin; token prints
a new API token once (send it as "Authorization: Bearer TOKEN"). Only hashes
are stored.`

// cmdUsers manages reviewer accounts and API tokens.
func cmdUsers(ctx context.Context, a *app, args []string) error {
	fs := a.flags("users", usersUsage)
	role := fs.String("role", "", "the new user's `role`: reviewer, viewer or admin")
	fromStdin := fs.Bool("password-stdin", false, "read the password from stdin instead of generating one")
	label := fs.String("label", "", "a note stored with the token, such as what script uses it")
	asJSON := fs.Bool("json", false, "list as a JSON array")
	pos, err := a.parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return usagef("users: want a subcommand: add, password, token or list\n\nusage: %s", usersUsage)
	}
	sub, rest := pos[0], pos[1:]
	needName := func() (string, error) {
		if len(rest) != 1 {
			return "", usagef("users %s: want exactly one NAME, got %d arguments", sub, len(rest))
		}
		return rest[0], review.ValidUserName(rest[0])
	}
	st, err := a.openStore(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	switch sub {
	case "add":
		name, err := needName()
		if err != nil {
			return err
		}
		r := heistwatch.Role(*role)
		if !review.ValidRole(r) {
			return usagef("users add: --role must be reviewer, viewer or admin (got %q)", *role)
		}
		return a.withNewPassword(*fromStdin, func(hash string) error {
			if _, err := st.AddUser(ctx, heistwatch.User{Name: name, Role: r, PasswordHash: hash, CreatedAt: a.now().UTC()}); err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "added %s (%s)\n", name, r)
			return nil
		})
	case "password":
		name, err := needName()
		if err != nil {
			return err
		}
		u, err := st.UserByName(ctx, name)
		if err != nil {
			return err
		}
		return a.withNewPassword(*fromStdin, func(hash string) error {
			if err := st.SetPassword(ctx, u.ID, hash); err != nil {
				return err
			}
			fmt.Fprintf(a.stderr, "changed the password of %s\n", name)
			return nil
		})
	case "token":
		name, err := needName()
		if err != nil {
			return err
		}
		u, err := st.UserByName(ctx, name)
		if err != nil {
			return err
		}
		tok := review.NewToken()
		if err := st.CreateToken(ctx, review.HashToken(tok), u.ID, *label); err != nil {
			return err
		}
		fmt.Fprintf(a.stderr, "API token for %s (%s), shown once:\n", name, u.Role)
		fmt.Fprintln(a.stdout, tok)
		return nil
	case "list":
		if len(rest) > 0 {
			return usagef("users list takes no arguments")
		}
		users, err := st.Users(ctx)
		if err != nil {
			return err
		}
		if *asJSON {
			if users == nil {
				users = []heistwatch.User{}
			}
			enc := json.NewEncoder(a.stdout)
			enc.SetIndent("", "  ")
			return enc.Encode(users)
		}
		tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "NAME\tROLE\tCREATED")
		for _, u := range users {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Name, u.Role, u.CreatedAt.UTC().Format("2006-01-02"))
		}
		return tw.Flush()
	}
	return usagef("users: unknown subcommand %q (add, password, token, list)", sub)
}

// newPassword reads a password from the first line of stdin, or makes one;
// shown says whether it must be printed.
func (a *app) newPassword(fromStdin bool) (pw string, shown bool, err error) {
	if !fromStdin {
		return review.NewPassword(), true, nil
	}
	line, err := bufio.NewReader(a.stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", false, usagef("--password-stdin: nothing on stdin")
	}
	return strings.TrimRight(line, "\r\n"), false, nil
}

// withNewPassword gets a password (read from stdin, or generated), hands its
// hash to store, and only once that succeeded prints a generated password —
// the one time it is ever shown.
func (a *app) withNewPassword(fromStdin bool, store func(hash string) error) error {
	pw, shown, err := a.newPassword(fromStdin)
	if err != nil {
		return err
	}
	hash, err := review.HashPassword(pw)
	if err != nil {
		return err
	}
	if err := store(hash); err != nil {
		return err
	}
	if shown {
		fmt.Fprintf(a.stderr, "password (shown once):\n")
		fmt.Fprintln(a.stdout, pw)
	}
	return nil
}
