package postgres_test

import (
	"testing"

	"github.com/heistwatch/heistwatch"
	"github.com/heistwatch/heistwatch/store/storetest"
)

// TestDaemonsShareWork: three daemons, each with its own connection pool,
// split one database's feeds and items through SKIP LOCKED leases.
func TestDaemonsShareWork(t *testing.T) {
	dsn := freshSchema(t)
	storetest.RunDaemons(t, func(t *testing.T) heistwatch.Store { return open(t, dsn) })
}
