package ingest

import (
	"bufio"
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/heistwatch/heistwatch"
)

// journal is a process's local record of the feeds and items it leased. A
// process killed with -9 cannot give its leases back; the next process on
// the machine finds the dead owner's journal (its file lock is free), releases
// the leases still open and deletes it, so the killed work is redone at once
// instead of after the lease expires. Each line is written with one write
// call before the work starts, so a kill loses at most a line being written.
//
// Lines: "owner NAME", "f ID..." (feeds leased), "i ID..." (items leased),
// "d ID" (item done or released).
type journal struct {
	mu    sync.Mutex
	f     *os.File
	path  string
	dir   string
	owner string
	log   *slog.Logger

	// What is open now, so a long-running daemon can rewrite the file
	// short once it has grown (compactAfter lines).
	items, feeds map[int64]bool
	lines        int
}

// compactAfter is how many lines a journal may grow to before it is
// rewritten with only the leases still open.
const compactAfter = 20000

const journalExt = ".leases"

// openJournal creates dir/<random>.leases, locked for this process's life.
// A nil journal (no dir, or an error logged) does nothing.
func openJournal(dir, owner string, log *slog.Logger) *journal {
	if dir == "" {
		return nil
	}
	dir = filepath.Join(dir, "leases")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Warn("lease journal disabled", "err", err)
		return nil
	}
	f, path, err := newJournalFile(dir, owner)
	if err != nil {
		log.Warn("lease journal disabled", "err", err)
		return nil
	}
	return &journal{f: f, path: path, dir: dir, owner: owner, log: log, items: map[int64]bool{}, feeds: map[int64]bool{},
		lines: 1}
}

// newJournalFile creates a locked journal holding its owner line. It is
// written under a name recovery ignores and renamed into place only once
// locked, so another process starting at the same moment never mistakes it
// for a dead one's.
func newJournalFile(dir, owner string) (*os.File, string, error) {
	f, err := os.CreateTemp(dir, "new-*")
	if err != nil {
		return nil, "", err
	}
	tmp := f.Name()
	fail := func(err error) (*os.File, string, error) {
		f.Close()
		os.Remove(tmp)
		return nil, "", err
	}
	if err := lockFile(f); err != nil {
		return fail(err)
	}
	if _, err := f.WriteString("owner " + owner + "\n"); err != nil {
		return fail(err)
	}
	name := tmp[:len(tmp)-len(filepath.Base(tmp))] + strings.TrimPrefix(filepath.Base(tmp), "new-") + journalExt
	if err := os.Rename(tmp, name); err != nil {
		return fail(err)
	}
	return f, name, nil
}

func (j *journal) writeLocked(line string) {
	if j.f == nil {
		return
	}
	if _, err := j.f.WriteString(line); err != nil {
		j.log.Warn("lease journal write", "err", err)
	}
	j.lines++
}

// leased records feeds (kind "f") or items (kind "i") just leased.
func (j *journal) leased(kind string, ids []int64) {
	if j == nil || len(ids) == 0 {
		return
	}
	var b strings.Builder
	b.WriteString(kind)
	for _, id := range ids {
		b.WriteByte(' ')
		b.WriteString(strconv.FormatInt(id, 10))
	}
	b.WriteByte('\n')
	j.mu.Lock()
	defer j.mu.Unlock()
	open := j.items
	if kind == "f" {
		open = j.feeds
	}
	for _, id := range ids {
		open[id] = true
	}
	j.writeLocked(b.String())
}

// done records an item finished or released.
func (j *journal) done(itemID int64) {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	delete(j.items, itemID)
	j.writeLocked("d " + strconv.FormatInt(itemID, 10) + "\n")
	if j.lines > compactAfter {
		j.compactLocked()
	}
}

// feedDone forgets a feed whose poll was recorded or released. No line is
// written: releasing a recorded feed again is harmless.
func (j *journal) feedDone(feedID int64) {
	if j == nil {
		return
	}
	j.mu.Lock()
	delete(j.feeds, feedID)
	j.mu.Unlock()
}

// compactLocked replaces the journal with a new file listing only the open
// leases. Both files are locked while they overlap, so a recovery never
// takes either; a crash in between leaves both, and releasing twice is harmless.
func (j *journal) compactLocked() {
	f, path, err := newJournalFile(j.dir, j.owner)
	if err != nil {
		j.log.Warn("lease journal compaction", "err", err)
		return
	}
	old, oldPath := j.f, j.path
	j.f, j.path, j.lines = f, path, 1
	for kind, open := range map[string]map[int64]bool{"f": j.feeds, "i": j.items} {
		if len(open) == 0 {
			continue
		}
		var b strings.Builder
		b.WriteString(kind)
		for id := range open {
			b.WriteByte(' ')
			b.WriteString(strconv.FormatInt(id, 10))
		}
		b.WriteByte('\n')
		j.writeLocked(b.String())
	}
	os.Remove(oldPath)
	old.Close()
}

// close ends the journal. With nothing left open it is removed; otherwise
// (a release that failed) it stays, unlocked, for the next start to recover.
func (j *journal) close() {
	if j == nil {
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.f == nil {
		return
	}
	if len(j.items) == 0 && len(j.feeds) == 0 {
		os.Remove(j.path)
	} else {
		j.log.Warn("leases still open at exit; the next start releases them", "items", len(j.items), "feeds", len(j.feeds))
	}
	j.f.Close()
	j.f = nil
}

// recoverJournals releases the leases of processes that died without
// releasing them: every journal in dir whose lock can be taken.
func recoverJournals(ctx context.Context, dir string, st heistwatch.Store, log *slog.Logger) {
	if dir == "" {
		return
	}
	paths, _ := filepath.Glob(filepath.Join(dir, "leases", "*"+journalExt))
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		if lockFile(f) != nil { // its process is alive
			f.Close()
			continue
		}
		feeds, items, owner := readJournal(f)
		released := 0
		var failed error
		for _, id := range feeds {
			if err := st.ReleaseFeed(ctx, id, owner); err != nil {
				failed = err
			}
		}
		for _, id := range items {
			if err := st.ReleaseItem(ctx, id, owner); err != nil {
				failed = err
			} else {
				released++
			}
		}
		if failed != nil {
			log.Warn("releasing a dead process's leases", "journal", p, "err", failed)
			f.Close()
			continue
		}
		if owner != "" {
			log.Info("released the leases of a process that stopped without releasing them",
				"owner", owner, "feeds", len(feeds), "items", released)
		}
		os.Remove(p)
		f.Close()
	}
}

// readJournal returns the feeds and the not-done items a journal leased.
func readJournal(f *os.File) (feeds, items []int64, owner string) {
	open := map[int64]bool{}
	var order []int64
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 16<<20)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		if fields[0] == "owner" {
			owner = fields[1]
			continue
		}
		for _, s := range fields[1:] {
			id, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				continue
			}
			switch fields[0] {
			case "f":
				feeds = append(feeds, id)
			case "i":
				if !open[id] {
					order = append(order, id)
				}
				open[id] = true
			case "d":
				open[id] = false
			}
		}
	}
	for _, id := range order {
		if open[id] {
			items = append(items, id)
		}
	}
	return feeds, items, owner
}

// String describes the journal for logs.
func (j *journal) String() string {
	if j == nil {
		return "none"
	}
	return fmt.Sprint(j.path)
}
