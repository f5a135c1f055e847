//go:build linux

package apptest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	mathrand "math/rand/v2"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// galeraProvider is where Debian's galera-4 package puts the replication library.
const galeraProvider = "/usr/lib/galera/libgalera_smm.so"

// Galera is a 3-node MariaDB Galera cluster on loopback, started for one test: every node
// accepts writes, so it is where designs that rest on SELECT … FOR UPDATE alone fail.
type Galera struct {
	// DSNs are the server DSNs of the three nodes, e.g. "root@tcp(127.0.0.1:41234)/".
	DSNs [3]string
}

type galeraNode struct {
	name                        string
	dir                         string
	sqlPort, gcommPort, sstPort int
	cmd                         *exec.Cmd
	exited                      chan struct{} // closed when the process has ended
}

// StartGalera starts a 3-node cluster (about 20–40 s) and stops it when the test ends. The
// cluster tests belong to the MariaDB pass (TEST_DATABASE=mysql): the SQLite pass skips them
// rather than start the same clusters twice. It skips the test, with the reason, when MariaDB,
// galera-4 or rsync is not installed; under CI=true it fails instead, since CI installs them.
func StartGalera(t testing.TB) *Galera {
	t.Helper()
	if Engine() != "mysql" {
		t.Skip("SKIPPED: the Galera cluster tests run in the MariaDB pass (TEST_DATABASE=mysql)")
	}
	bins := map[string]string{}
	for _, name := range []string{"mariadbd", "mariadb-install-db", "rsync", "wsrep_sst_rsync"} {
		path, err := lookPath(name)
		if err != nil {
			galeraUnavailable(t, name+" is not installed")
		}
		bins[name] = path
	}
	if _, err := os.Stat(galeraProvider); err != nil {
		galeraUnavailable(t, galeraProvider+" is missing (Debian package galera-4)")
	}

	holdGaleraLock(t)

	// The nodes run as user mysql when the test runs as root (rsync state transfer refuses a
	// root-owned datadir); their folder must then be reachable by that user, unlike t.TempDir.
	root, err := os.MkdirTemp("", "galera-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(root) })
	owner := ""
	if os.Geteuid() == 0 {
		owner = "mysql"
		if _, err := user.Lookup(owner); err != nil {
			galeraUnavailable(t, "user mysql does not exist (Debian package mariadb-server creates it)")
		}
	}
	if err := os.Chmod(root, 0o755); err != nil {
		t.Fatal(err)
	}

	nodes := make([]*galeraNode, 3)
	for i := range nodes {
		nodes[i] = &galeraNode{name: "node" + strconv.Itoa(i+1), dir: filepath.Join(root, "node"+strconv.Itoa(i+1)),
			sqlPort: freePort(t, 1), gcommPort: freePort(t, 2), sstPort: freePort(t, 1)}
	}
	installDatadir(t, bins["mariadb-install-db"], filepath.Join(nodes[0].dir, "data"), owner)
	for _, n := range nodes[1:] {
		// Joiners receive node1's data by state transfer; they start from a copy of its empty datadir.
		if err := os.MkdirAll(n.dir, 0o750); err != nil {
			t.Fatal(err)
		}
		run(t, "cp", "-a", filepath.Join(nodes[0].dir, "data"), filepath.Join(n.dir, "data"))
	}
	var addrs []string
	for _, n := range nodes {
		addrs = append(addrs, fmt.Sprintf("127.0.0.1:%d", n.gcommPort))
	}
	g := &Galera{}
	for i, n := range nodes {
		writeNodeConfig(t, n, strings.Join(addrs, ","), owner)
		t.Cleanup(n.stop)
		n.start(t, bins["mariadbd"], i == 0)
		g.DSNs[i] = fmt.Sprintf("root@tcp(127.0.0.1:%d)/", n.sqlPort)
		// One joiner at a time: each takes a full state transfer from a synced node.
		waitSynced(t, n, g.DSNs[i], i+1)
	}
	for i, n := range nodes {
		waitSynced(t, n, g.DSNs[i], 3)
	}
	return g
}

// DatabaseURLs creates an empty database on the cluster and returns its DATABASE_URL through
// each of the three nodes, for Apps (server copies) that write through different nodes. The
// database goes with the cluster when the test ends.
func (g *Galera) DatabaseURLs(t testing.TB) [3]string {
	t.Helper()
	name := "g_" + randomName()
	db, err := sql.Open("mysql", g.DSNs[0])
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"); err != nil {
		t.Fatalf("create database on galera: %v", err)
	}
	var urls [3]string
	for i, dsn := range g.DSNs {
		urls[i] = "mysql://" + strings.TrimSuffix(dsn, "/") + "/" + name + "?parseTime=true"
	}
	return urls
}

func galeraUnavailable(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("Galera cluster cannot start: %s; CI must run the Galera tests", why)
	}
	t.Skipf("SKIPPED: Galera cluster cannot start: %s (apt-get install mariadb-server galera-4 rsync)", why)
}

func lookPath(name string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	for _, dir := range []string{"/usr/sbin", "/usr/bin", "/sbin"} {
		if p := filepath.Join(dir, name); fileExists(p) {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s not found", name)
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// freePort finds n consecutive free loopback ports and returns the first. They are drawn below
// Linux's ephemeral range (32768–60999), which the kernel hands to every outgoing connection and
// to every listener on port 0 of the other tests: a port from there can be taken by a test's
// connection to MariaDB between the check and the node's bind.
func freePort(t testing.TB, n int) int {
	t.Helper()
	for range 50 {
		p := 20000 + mathrand.IntN(12000)
		l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p))
		if err != nil {
			continue
		}
		_ = l.Close()
		ok := true
		for k := 1; k < n; k++ {
			if l2, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", p+k)); err != nil {
				ok = false
			} else {
				_ = l2.Close()
			}
		}
		if ok {
			return p
		}
	}
	t.Fatalf("no %d consecutive free ports", n)
	return 0
}

func run(t testing.TB, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

func installDatadir(t testing.TB, installer, datadir, owner string) {
	t.Helper()
	if err := os.MkdirAll(datadir, 0o750); err != nil {
		t.Fatal(err)
	}
	args := []string{"--no-defaults", "--datadir=" + datadir, "--auth-root-authentication-method=normal",
		"--skip-test-db"}
	if owner != "" {
		run(t, "chown", "-R", owner+":"+owner, filepath.Dir(datadir))
		args = append(args, "--user="+owner)
	}
	run(t, installer, args...)
}

func writeNodeConfig(t testing.TB, n *galeraNode, cluster, owner string) {
	t.Helper()
	data := filepath.Join(n.dir, "data")
	opts := fmt.Sprintf("base_host=127.0.0.1;base_port=%d;gmcast.listen_addr=tcp://127.0.0.1:%d;ist.recv_addr=127.0.0.1:%d;gcache.size=64M",
		n.gcommPort, n.gcommPort, n.gcommPort+1)
	lines := []string{
		"[mysqld]",
		"datadir=" + data,
		"socket=" + filepath.Join(n.dir, "mysqld.sock"),
		"pid-file=" + filepath.Join(n.dir, "mysqld.pid"),
		"log-error=" + filepath.Join(n.dir, "error.log"),
		fmt.Sprintf("port=%d", n.sqlPort),
		"bind-address=127.0.0.1",
		"skip-name-resolve",
		"character-set-server=utf8mb4",
		"collation-server=utf8mb4_unicode_ci",
		"innodb_buffer_pool_size=64M",
		"innodb_flush_log_at_trx_commit=2",
		"max_connections=300",
		"binlog_format=ROW",
		"default_storage_engine=InnoDB",
		"innodb_autoinc_lock_mode=2",
		"wsrep_on=ON",
		"wsrep_provider=" + galeraProvider,
		"wsrep_cluster_name=cqshare_test",
		"wsrep_cluster_address=gcomm://" + cluster,
		"wsrep_node_name=" + n.name,
		fmt.Sprintf("wsrep_node_address=127.0.0.1:%d", n.gcommPort),
		fmt.Sprintf("wsrep_provider_options=\"%s\"", opts),
		"wsrep_sst_method=rsync",
		fmt.Sprintf("wsrep_sst_receive_address=127.0.0.1:%d", n.sstPort),
	}
	if owner != "" {
		lines = append(lines, "user="+owner)
	}
	cnf := filepath.Join(n.dir, "my.cnf")
	if err := os.WriteFile(cnf, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if owner != "" {
		run(t, "chown", "-R", owner+":"+owner, n.dir)
	}
}

func (n *galeraNode) start(t testing.TB, mariadbd string, bootstrap bool) {
	t.Helper()
	args := []string{"--defaults-file=" + filepath.Join(n.dir, "my.cnf")}
	if bootstrap {
		args = append(args, "--wsrep-new-cluster")
	}
	n.cmd = exec.Command(mariadbd, args...)
	n.cmd.Env = append(os.Environ(), "PATH=/usr/sbin:/usr/bin:/sbin:/bin")
	// The nodes die with the test binary, even when a timeout kills it before its cleanups.
	n.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := n.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", n.name, err)
	}
	n.exited = make(chan struct{})
	go func() { _ = n.cmd.Wait(); close(n.exited) }()
}

// stop ends the node: SIGTERM, then SIGKILL if it has not exited in 30 s.
func (n *galeraNode) stop() {
	if n.exited == nil {
		return
	}
	_ = n.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-n.exited:
	case <-time.After(30 * time.Second):
		_ = n.cmd.Process.Kill()
		<-n.exited
	}
}

// holdGaleraLock makes the clusters of all test processes (go test runs packages at once) start
// and run one at a time, until the test ends: nine database servers picking free ports at the
// same moment can collide, and three clusters at once on two cores time out their state
// transfers.
func holdGaleraLock(t testing.TB) {
	t.Helper()
	f, err := os.OpenFile(filepath.Join(os.TempDir(), "cqshare-galera-tests.lock"), os.O_CREATE|os.O_RDWR, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.Close() }) // closing releases the lock, after the cluster has stopped
}

// waitSynced waits until the node answers, is Synced and sees a cluster of the given size.
func waitSynced(t testing.TB, n *galeraNode, dsn string, size int) {
	t.Helper()
	db, err := sql.Open("mysql", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deadline := time.Now().Add(3 * time.Minute)
	var state, clusterSize string
	for time.Now().Before(deadline) {
		select {
		case <-n.exited:
			deadline = time.Now() // it stopped: report its log
		default:
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		state, clusterSize = galeraStatus(ctx, db, "wsrep_local_state_comment"), galeraStatus(ctx, db, "wsrep_cluster_size")
		cancel()
		if state == "Synced" && clusterSize == strconv.Itoa(size) {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
	log, _ := os.ReadFile(filepath.Join(n.dir, "error.log"))
	t.Fatalf("galera %s not synced in a cluster of %d (state %q, size %q); its log ends:\n%s",
		n.name, size, state, clusterSize, tail(string(log), 4000))
}

func galeraStatus(ctx context.Context, db *sql.DB, name string) string {
	var k, v string
	if err := db.QueryRowContext(ctx, "SHOW GLOBAL STATUS LIKE '"+name+"'").Scan(&k, &v); err != nil {
		return ""
	}
	return v
}

func randomName() string {
	var b [6]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
