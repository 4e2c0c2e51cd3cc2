package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heistwatch/heistwatch/store/sqldb"
	"github.com/heistwatch/heistwatch/store/sqlite"
)

// TestMigratePrintsSchemaVersion runs migrate twice on a new SQLite store:
// both runs name the newest migration the binary carries.
func TestMigratePrintsSchemaVersion(t *testing.T) {
	ms, err := sqldb.Migrations(sqlite.Dialect().Migrations)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("at schema version %d\n", ms[len(ms)-1].Version)
	path := filepath.Join(t.TempDir(), "hw.db")
	env := map[string]string{"HEISTWATCH_STORE": path, "HEISTWATCH_DATA_DIR": filepath.Dir(path)}
	for i := range 2 {
		var out, errOut bytes.Buffer
		code := run(context.Background(), []string{"migrate"}, func(k string) string { return env[k] },
			strings.NewReader(""), &out, &errOut)
		if code != 0 || !strings.HasSuffix(out.String(), want) || !strings.Contains(out.String(), path) {
			t.Fatalf("migrate run %d: exit %d, stdout %q (want it to end %q), stderr %q", i+1, code, out.String(), want, errOut.String())
		}
	}
}
