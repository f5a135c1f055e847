//go:build linux

package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/go-sql-driver/mysql" // the MySQL driver, for the control experiment

	"cqshare/app/apptest"
)

// TestMultiProcessGalera runs the races through three server processes, each writing through a
// different node of a multi-primary MariaDB Galera cluster, where SELECT … FOR UPDATE locks only
// on the local node. A control experiment on the same cluster first shows that a design resting
// on that lock double-books there, so the races prove the claims are what keeps invariant 1.
func TestMultiProcessGalera(t *testing.T) {
	t.Parallel()
	cluster := apptest.StartGalera(t) // skips without galera-4, fails under CI=true
	nodes := cluster.DSNs[:]
	t.Run("control: lock-only design double-books across nodes", func(t *testing.T) {
		const rounds = 20
		if got := lockOnlyDoubleBookings(t, nodes, rounds); got == 0 {
			t.Errorf("got 0 of %d rounds double-booked through 3 nodes, want some: is the cluster multi-primary?", rounds)
		} else {
			t.Logf("lock-only design: %d of %d rounds double-booked through 3 nodes", got, rounds)
		}
		if got := lockOnlyDoubleBookings(t, nodes[:1], rounds); got != 0 {
			t.Errorf("got %d of %d rounds double-booked through one node, want 0", got, rounds)
		}
	})

	urls := cluster.DatabaseURLs(t)
	// Fixtures go in through node 1; every check reads with wsrep_sync_wait=1 (causal reads).
	f := newFixture(t, urls[0]+"&wsrep_sync_wait=1", maxRacers())
	syncers := make([]*sql.DB, len(urls))
	for i, url := range urls {
		syncers[i] = openDSN(t, strings.TrimPrefix(url, "mysql://")+"&wsrep_sync_wait=1")
	}
	// A server reading on another node must see the fixtures before it races: a causal read on
	// each node waits until that node has applied everything committed before it.
	f.synced = func(t *testing.T) {
		for i, db := range syncers {
			var n int
			if err := db.QueryRow("SELECT COUNT(*) FROM resources").Scan(&n); err != nil {
				t.Fatalf("sync node %d: %v", i+1, err)
			}
		}
	}
	f.synced(t)
	runRaces(t, f, startServers(t, urls[:]...))
}

// lockOnlyDoubleBookings runs rounds of the naive booking transaction (lock the resource row
// with SELECT … FOR UPDATE, count overlapping bookings, insert when none) on a scratch table,
// three racers per round released together, spread over the given nodes. It returns how many
// rounds ended with more than one booking of the same interval.
func lockOnlyDoubleBookings(t *testing.T, nodes []string, rounds int) int {
	t.Helper()
	const racers = 3
	name := newDatabaseName("naive_")
	admin := openDSN(t, nodes[0])
	for _, q := range []string{
		"CREATE DATABASE " + name,
		"CREATE TABLE " + name + ".resources (id BIGINT PRIMARY KEY)",
		"CREATE TABLE " + name + ".bookings (id BIGINT AUTO_INCREMENT PRIMARY KEY, resource_id BIGINT NOT NULL, " +
			"start_at DATETIME(6) NOT NULL, end_at DATETIME(6) NOT NULL, KEY (resource_id, start_at))",
	} {
		if _, err := admin.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() { _, _ = admin.Exec("DROP DATABASE IF EXISTS " + name) })
	for r := 1; r <= rounds; r++ {
		if _, err := admin.Exec("INSERT INTO "+name+".resources (id) VALUES (?)", r); err != nil {
			t.Fatal(err)
		}
	}
	pools := make([]*sql.DB, len(nodes))
	for i, n := range nodes {
		pools[i] = openDSN(t, strings.TrimSuffix(n, "/")+"/"+name+"?interpolateParams=true&parseTime=true&wsrep_sync_wait=1")
		var n int
		if err := pools[i].QueryRow("SELECT COUNT(*) FROM resources").Scan(&n); err != nil || n != rounds {
			t.Fatalf("node %d sees %d resources (%v), want %d", i+1, n, err, rounds)
		}
	}
	start := time.Date(2030, 1, 1, 2, 0, 0, 0, time.UTC)
	for r := 1; r <= rounds; r++ {
		var ready, done sync.WaitGroup
		barrier := make(chan struct{})
		for k := range racers {
			ready.Add(1)
			done.Add(1)
			go func() {
				defer done.Done()
				conn, err := pools[k%len(pools)].Conn(context.Background())
				ready.Done()
				if err != nil {
					t.Error(err)
					return
				}
				defer conn.Close()
				<-barrier
				_ = bookLockOnly(conn, r, start, start.Add(time.Hour)) // losers of certification just fail
			}()
		}
		ready.Wait()
		close(barrier)
		done.Wait()
	}
	var doubled int
	err := pools[0].QueryRow(`SELECT COUNT(*) FROM (SELECT resource_id FROM bookings
		GROUP BY resource_id HAVING COUNT(*) > 1) d`).Scan(&doubled)
	if err != nil {
		t.Fatal(err)
	}
	return doubled
}

// bookLockOnly is the design that is correct on one MySQL and silently wrong on Galera.
func bookLockOnly(conn *sql.Conn, resourceID int, from, to time.Time) error {
	ctx := context.Background()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	var id, overlapping int
	if err := tx.QueryRow("SELECT id FROM resources WHERE id = ? FOR UPDATE", resourceID).Scan(&id); err != nil {
		return err
	}
	if err := tx.QueryRow("SELECT COUNT(*) FROM bookings WHERE resource_id = ? AND start_at < ? AND end_at > ?",
		resourceID, to, from).Scan(&overlapping); err != nil {
		return err
	}
	if overlapping > 0 {
		return nil
	}
	if _, err := tx.Exec("INSERT INTO bookings (resource_id, start_at, end_at) VALUES (?, ?, ?)", resourceID, from, to); err != nil {
		return err
	}
	return tx.Commit()
}

// openDSN opens a pool on a MariaDB DSN, closed when the test ends.
func openDSN(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	return db
}

// newDatabaseName is a unique database name with the prefix.
func newDatabaseName(prefix string) string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return prefix + hex.EncodeToString(b[:])
}
