//go:build linux

package apptest

import (
	"context"
	"database/sql"
	"testing"
)

// TestGalera starts one cluster and checks what the booking tests rely on: a row written through
// node 1 is read through node 3 (with wsrep_sync_wait, so the read waits for replication), and
// the migrations run through one node leave every node with the whole schema.
func TestGalera(t *testing.T) {
	t.Parallel()
	g := StartGalera(t)

	t.Run("a write on node 1 is read on node 3", func(t *testing.T) {
		node1, err := sql.Open("mysql", g.DSNs[0])
		if err != nil {
			t.Fatal(err)
		}
		defer node1.Close()
		for _, q := range []string{
			"CREATE DATABASE smoke",
			"CREATE TABLE smoke.notes (id INT PRIMARY KEY, body VARCHAR(40)) ENGINE=InnoDB",
			"INSERT INTO smoke.notes VALUES (1, '产教联合体')",
		} {
			if _, err := node1.Exec(q); err != nil {
				t.Fatalf("node 1: %s: %v", q, err)
			}
		}
		node3, err := sql.Open("mysql", g.DSNs[2]+"?wsrep_sync_wait=1")
		if err != nil {
			t.Fatal(err)
		}
		defer node3.Close()
		var body string
		if err := node3.QueryRow("SELECT body FROM smoke.notes WHERE id = 1").Scan(&body); err != nil || body != "产教联合体" {
			t.Fatalf("node 3: got %q %v, want the row written on node 1", body, err)
		}
	})

	t.Run("an App per node over one migrated database", func(t *testing.T) {
		for i, url := range g.DatabaseURLs(t) {
			cfg := Config(t)
			cfg.DatabaseURL = url
			a := NewWithConfig(t, cfg)
			if err := a.Ready(context.Background()); err != nil {
				t.Errorf("node %d: %v", i+1, err)
			}
		}
	})
}
