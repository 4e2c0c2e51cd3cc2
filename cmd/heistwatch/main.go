// Command heistwatch monitors news feeds for cryptocurrency thefts: it polls
// feeds, fetches articles, extracts theft claims with their evidence, groups
// them into incidents for human review and exports the approved ones.
//
// main only wires the process to run, so tests drive the same code path with
// their own arguments, environment and output.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/pprof"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/config"
	"github.com/heistwatch/heistwatch/store"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// command is one subcommand of the binary.
type command struct {
	summary string
	run     func(ctx context.Context, a *app, args []string) error
}

// commands lists every subcommand; DESIGN.md's command surface is the contract.
func commands() map[string]command {
	return map[string]command{
		"run":       {"daemon: scheduler, fetch workers and review server", cmdRun},
		"fetch":     {"poll every feed once, process everything new, exit", cmdFetch},
		"serve":     {"the review server alone, no fetching", cmdServe},
		"feeds":     {"add, list, rm, import-opml, export-opml", cmdFeeds},
		"extract":   {"run the extractors on text or HTML files; no store needed", cmdExtract},
		"reextract": {"rerun the current rules over stored documents", cmdReextract},
		"review":    {"list, show, approve, reject, edit, merge, log", cmdReview},
		"users":     {"add reviewer accounts", cmdUsers},
		"export":    {"write approved incidents as CSV, JSON, NDJSON or STIX 2.1", cmdExport},
		"status":    {"counts: feeds, documents, claims, incidents", cmdStatus},
		"migrate":   {"apply store migrations (also done at start)", cmdMigrate},
	}
}

// errNotBuilt marks a command whose feature is not built yet: it says so and
// exits 2 rather than pretending to work.
var errNotBuilt = errors.New("not built yet")

// usageError is a mistake in the command line; it exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// app is what every command needs: its I/O, environment, config and logger.
// Nothing here is global, so tests run commands side by side.
type app struct {
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	getenv func(string) string
	now    func() time.Time

	cfg *config.Config
	log *slog.Logger

	// common flags, applied over the config and environment
	configPath string
	storeFlag  string
	dataDir    string
	listen     string
	logLevel   string
}

func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: getenv, now: time.Now}
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		printUsage(stdout, cmds)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := cmds[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "heistwatch: unknown command %q\n\n", args[0])
		printUsage(stderr, cmds)
		return 2
	}
	err := cmd.run(ctx, a, args[1:])
	return a.exitCode(args[0], err)
}

func printUsage(w io.Writer, cmds map[string]command) {
	fmt.Fprintln(w, "heistwatch: news monitoring for cryptocurrency thefts")
	fmt.Fprintln(w, "\nusage: heistwatch COMMAND [flags] [args]   (heistwatch COMMAND --help for more)")
	fmt.Fprintln(w, "\ncommands:")
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-10s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintln(w, "\nenvironment: HEISTWATCH_CONFIG, HEISTWATCH_DATA_DIR, HEISTWATCH_STORE,")
	fmt.Fprintln(w, "  HEISTWATCH_LISTEN, HEISTWATCH_ALLOW_PRIVATE=1, HEISTWATCH_LOG_LEVEL, HEISTWATCH_LOG_FORMAT")
}

// exitCode maps an error to the process exit code: 0 ok, 1 internal, 2 usage
// or invalid input or not built, 3 not found, 4 conflict, 5 unauthorized.
func (a *app) exitCode(name string, err error) int {
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintf(a.stderr, "heistwatch %s: %v\n", name, err)
	var ue usageError
	switch {
	case errors.As(err, &ue), errors.Is(err, errNotBuilt):
		return 2
	case errors.Is(err, context.Canceled):
		return 130
	}
	switch heistwatch.ErrorCode(err) {
	case heistwatch.CodeInvalid:
		return 2
	case heistwatch.CodeNotFound:
		return 3
	case heistwatch.CodeConflict:
		return 4
	case heistwatch.CodeUnauthorized:
		return 5
	}
	return 1
}

// flags makes a command's flag set with the common flags. usage is the
// synopsis line(s) printed by --help above the flag list.
func (a *app) flags(name, usage string) *flag.FlagSet {
	fs := flag.NewFlagSet("heistwatch "+name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	fs.StringVar(&a.configPath, "config", "", "YAML config `file` (default $HEISTWATCH_CONFIG)")
	fs.StringVar(&a.storeFlag, "store", "", "SQLite `path` or postgres:// URL (default $HEISTWATCH_STORE, else DATA_DIR/heistwatch.db)")
	fs.StringVar(&a.dataDir, "data-dir", "", "`dir` for the default store and state (default $HEISTWATCH_DATA_DIR)")
	fs.StringVar(&a.logLevel, "log-level", "", "debug, info, warn or error")
	fs.Usage = func() {
		fmt.Fprintf(a.stdout, "usage: %s\n\nflags:\n", strings.TrimSpace(usage))
		fs.SetOutput(a.stdout)
		fs.PrintDefaults()
		fs.SetOutput(a.stderr)
	}
	return fs
}

// parse parses flags given anywhere among the arguments (so `feeds add URL
// --filter F` works), then loads the config with the precedence flags >
// environment > file > defaults. It returns the positional arguments.
func (a *app) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			pos = append(pos, rest[1:]...)
			break
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
	cfg, err := config.Load(a.configPath, a.getenv)
	if err != nil {
		return nil, err
	}
	if a.storeFlag != "" {
		cfg.Store = a.storeFlag
	}
	if a.dataDir != "" {
		cfg.DataDir = a.dataDir
	}
	if a.listen != "" {
		cfg.Listen = a.listen
	}
	if a.logLevel != "" {
		cfg.Log.Level = a.logLevel
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	a.cfg = cfg
	a.log = newLogger(a.stderr, cfg.Log)
	return pos, nil
}

func newLogger(w io.Writer, c config.Log) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level)) // validated by config
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// openStore opens the configured store and applies its migrations.
func (a *app) openStore(ctx context.Context) (heistwatch.Store, error) {
	st, err := store.Open(ctx, a.cfg.StorePath(), store.MaxItemClaims(a.cfg.Fetch.MaxAttempts))
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", redactDSN(a.cfg.StorePath()), err)
	}
	return st, nil
}

// redactDSN hides a password in a postgres:// URL before it is printed.
func redactDSN(s string) string {
	at := strings.LastIndex(s, "@")
	scheme := strings.Index(s, "://")
	if at < 0 || scheme < 0 || at < scheme {
		return s
	}
	userinfo := s[scheme+3 : at]
	if i := strings.Index(userinfo, ":"); i >= 0 {
		return s[:scheme+3] + userinfo[:i] + ":xxxxx" + s[at:]
	}
	return s
}

// startProfile starts a CPU profile written to path ("" = none) and returns
// the function that stops it, so an operator can see where a slow run went.
func startProfile(path string) (stop func(), err error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, fmt.Errorf("cpu profile: %w", err)
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}, nil
}
