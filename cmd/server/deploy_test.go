package main

import (
	"bufio"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"cqshare/app"
)

// repoRoot is the repository's folder, seen from this package's.
const repoRoot = "../.."

// repoFile reads a file of the repository.
func repoFile(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(repoRoot, name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// composeFile is the part of docker-compose.yml the checks read.
type composeFile struct {
	Services map[string]composeService
	Volumes  map[string]any
	Networks map[string]struct {
		IPAM struct {
			Config []struct{ Subnet string }
		}
	}
}

type composeService struct {
	Image       string
	Build       any
	Environment map[string]string
	DependsOn   map[string]struct{ Condition string } `yaml:"depends_on"`
	Healthcheck *struct{ Test []string }
	// NoHealthcheck says why a service has none (a one-shot task).
	NoHealthcheck string `yaml:"x-no-healthcheck"`
	Ports         []string
	Volumes       []string
	Networks      yaml.Node
}

func readCompose(t *testing.T) composeFile {
	t.Helper()
	raw := repoFile(t, "docker-compose.yml")
	var c composeFile
	if err := yaml.Unmarshal(raw, &c); err != nil {
		t.Fatalf("docker-compose.yml: %v", err)
	}
	return c
}

// serverCopies are the services built from the repository's Dockerfile, by name.
func (c composeFile) serverCopies() []string {
	var names []string
	for name, s := range c.Services {
		if s.Build != nil {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return names
}

// ipv4 is the fixed address a service has on a network, if any.
func (s composeService) ipv4(network string) string {
	var nets map[string]struct {
		IPv4Address string `yaml:"ipv4_address"`
	}
	if s.Networks.Kind == yaml.MappingNode && s.Networks.Decode(&nets) == nil {
		return nets[network].IPv4Address
	}
	return ""
}

// TestComposeFile checks what `docker compose up` users rely on: every service is
// health-checked or says why not; there are at least two server copies, each waiting for a
// healthy MySQL, running the jobs, reachable only through the proxy, and set only with settings
// the server reads (and accepts); data lives in declared volumes; the files mounted exist.
func TestComposeFile(t *testing.T) {
	t.Parallel()
	c := readCompose(t)
	for name, s := range c.Services {
		if (s.Healthcheck == nil || len(s.Healthcheck.Test) == 0) && s.NoHealthcheck == "" {
			t.Errorf("service %s: no healthcheck and no x-no-healthcheck saying why", name)
		}
		for _, v := range s.Volumes {
			source, _, _ := strings.Cut(v, ":")
			if strings.HasPrefix(source, ".") {
				if _, err := os.Stat(filepath.Join(repoRoot, source)); err != nil {
					t.Errorf("service %s mounts %s: %v", name, source, err)
				}
			} else if _, ok := c.Volumes[source]; !ok {
				t.Errorf("service %s: volume %s is not declared under volumes", name, source)
			}
		}
	}
	if mysql, ok := c.Services["mysql"]; !ok || !slices.ContainsFunc(mysql.Volumes, func(v string) bool {
		return strings.HasSuffix(v, ":/var/lib/mysql") && !strings.HasPrefix(v, ".")
	}) {
		t.Errorf("mysql: no named volume at /var/lib/mysql; the data would go with the container")
	}

	copies := c.serverCopies()
	if len(copies) < 2 {
		t.Fatalf("server copies (services built from the Dockerfile): got %v, want at least 2", copies)
	}
	seeders := 0
	for _, name := range copies {
		s := c.Services[name]
		if dep, ok := s.DependsOn["mysql"]; !ok || dep.Condition != "service_healthy" {
			t.Errorf("%s: depends_on mysql %+v, want condition service_healthy", name, dep)
		}
		if len(s.Ports) > 0 {
			t.Errorf("%s publishes %v: the copies are reached through the proxy only (TRUSTED_PROXIES trusts it)", name, s.Ports)
		}
		cfg := checkServerEnv(t, name, s.Environment)
		if !cfg.JobsEnabled {
			t.Errorf("%s: JOBS_ENABLED is off; every copy runs the jobs (the lease runs each tick once)", name)
		}
		if cfg.SeedDemo {
			seeders++
		}
		if s.Healthcheck != nil && !slices.ContainsFunc(s.Healthcheck.Test, func(a string) bool { return strings.HasSuffix(a, ":8080/healthz") }) {
			t.Errorf("%s: healthcheck %v, want the liveness of /healthz on its port", name, s.Healthcheck.Test)
		}
	}
	if seeders > 1 {
		t.Errorf("%d copies seed the demo data; two starting at once would both find the database empty", seeders)
	}

	proxy, ok := c.Services["proxy"]
	if !ok {
		t.Fatal("no proxy service")
	}
	if !slices.Contains(proxy.Ports, "8080:8080") {
		t.Errorf("proxy publishes %v, want 8080:8080", proxy.Ports)
	}
	for _, name := range copies {
		proxies := c.Services[name].Environment["TRUSTED_PROXIES"]
		if ip := proxy.ipv4("cqshare"); ip == "" || !slices.Contains(strings.Split(proxies, ","), ip) {
			t.Errorf("%s: TRUSTED_PROXIES %q does not name the proxy's fixed address %q", name, proxies, ip)
		}
	}
	if !slices.ContainsFunc(proxy.Volumes, func(v string) bool { return strings.HasPrefix(v, "./docs/deploy/haproxy.cfg:") }) {
		t.Errorf("proxy mounts %v, want docs/deploy/haproxy.cfg", proxy.Volumes)
	}
}

// checkServerEnv reads a copy's environment as the server does: every name set must be one the
// server reads, and the configuration must be valid.
func checkServerEnv(t *testing.T, service string, env map[string]string) app.Config {
	t.Helper()
	read := map[string]bool{}
	cfg, err := app.ConfigFromLookup(func(k string) (string, bool) {
		read[k] = true
		v, ok := env[k]
		return v, ok
	})
	if err != nil {
		t.Errorf("%s: the server refuses its environment: %v", service, err)
	}
	for k := range env {
		if !read[k] {
			t.Errorf("%s: %s is set, but the server does not read it", service, k)
		}
	}
	return cfg
}

// haproxyServers are the backend servers of docs/deploy/haproxy.cfg, as host:port, and whether
// the backend checks them on /readyz.
func haproxyServers(t *testing.T) (servers []string, readyCheck bool) {
	t.Helper()
	f, err := os.Open(filepath.Join(repoRoot, "docs/deploy/haproxy.cfg"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var httpchk, uri bool
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(strings.SplitN(sc.Text(), "#", 2)[0])
		switch {
		case len(fields) >= 3 && fields[0] == "server":
			if !slices.Contains(fields, "check") {
				t.Errorf("haproxy.cfg: server %s is not health-checked", fields[1])
			}
			servers = append(servers, fields[2])
		case slices.Equal(fields, []string{"option", "httpchk"}):
			httpchk = true
		case len(fields) >= 2 && fields[0] == "http-check" && fields[1] == "send":
			uri = slices.Contains(fields, "/readyz")
		}
	}
	return servers, httpchk && uri
}

// TestProxyRoutesToEveryCopy: the proxy's backend names every server copy of the compose file
// on its HTTP_ADDR port, nothing else, and checks each on /readyz; Prometheus scrapes every
// copy on its METRICS_ADDR port and loads the alert rules.
func TestProxyRoutesToEveryCopy(t *testing.T) {
	t.Parallel()
	c := readCompose(t)
	var wantHTTP, wantMetrics []string
	for _, name := range c.serverCopies() {
		env := c.Services[name].Environment
		for _, p := range []struct {
			key  string
			into *[]string
		}{{"HTTP_ADDR", &wantHTTP}, {"METRICS_ADDR", &wantMetrics}} {
			_, port, err := net.SplitHostPort(env[p.key])
			if err != nil {
				t.Fatalf("%s: %s %q: %v", name, p.key, env[p.key], err)
			}
			*p.into = append(*p.into, net.JoinHostPort(name, port))
		}
	}
	servers, readyCheck := haproxyServers(t)
	slices.Sort(servers)
	if !slices.Equal(servers, wantHTTP) {
		t.Errorf("haproxy.cfg servers: got %v, want the copies %v", servers, wantHTTP)
	}
	if !readyCheck {
		t.Errorf("haproxy.cfg: the backend does not check its servers with GET /readyz (option httpchk, http-check send … uri /readyz)")
	}

	raw := repoFile(t, "docs/deploy/prometheus.yml")
	var prom struct {
		RuleFiles     []string `yaml:"rule_files"`
		ScrapeConfigs []struct {
			JobName       string                       `yaml:"job_name"`
			StaticConfigs []struct{ Targets []string } `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	if err := yaml.Unmarshal(raw, &prom); err != nil {
		t.Fatalf("prometheus.yml: %v", err)
	}
	var targets []string
	for _, sc := range prom.ScrapeConfigs {
		if sc.JobName == "cqshare" {
			for _, s := range sc.StaticConfigs {
				targets = append(targets, s.Targets...)
			}
		}
	}
	slices.Sort(targets)
	if !slices.Equal(targets, wantMetrics) {
		t.Errorf("prometheus.yml job cqshare: got targets %v, want the copies' metrics ports %v", targets, wantMetrics)
	}
	mounted := c.Services["prometheus"].Volumes
	for _, rf := range prom.RuleFiles {
		if !slices.Contains(mounted, "./docs/monitoring/alerts.yml:"+rf+":ro") {
			t.Errorf("prometheus loads %s, which the compose file does not mount from docs/monitoring/alerts.yml", rf)
		}
	}
}

// dockerInstruction is one instruction of a Dockerfile, its continuation lines joined.
type dockerInstruction struct{ cmd, args string }

// dockerStages reads the Dockerfile into its stages' instructions, the last stage last.
func dockerStages(t *testing.T) [][]dockerInstruction {
	t.Helper()
	raw := repoFile(t, "Dockerfile")
	var stages [][]dockerInstruction
	var line string
	for l := range strings.Lines(string(raw)) {
		l = strings.TrimSpace(l)
		if line == "" && (l == "" || strings.HasPrefix(l, "#")) {
			continue
		}
		if cont, ok := strings.CutSuffix(l, "\\"); ok {
			line += cont + " "
			continue
		}
		line += l
		cmd, args, _ := strings.Cut(line, " ")
		line = ""
		cmd = strings.ToUpper(cmd)
		if cmd == "FROM" {
			stages = append(stages, nil)
		}
		if len(stages) == 0 {
			t.Fatalf("Dockerfile: %s before FROM", cmd)
		}
		stages[len(stages)-1] = append(stages[len(stages)-1], dockerInstruction{cmd, strings.TrimSpace(args)})
	}
	return stages
}

// TestDockerfile checks the image the compose file runs: the UI built in a Node stage and
// copied into the Go stage, a static binary, and a final stage that runs as a non-root user,
// keeps its data in a volume, exposes the port it listens on and checks /healthz with a tool
// it carries.
func TestDockerfile(t *testing.T) {
	t.Parallel()
	stages := dockerStages(t)
	all := func(stage []dockerInstruction, cmd string) []string {
		var out []string
		for _, in := range stage {
			if in.cmd == cmd {
				out = append(out, in.args)
			}
		}
		return out
	}
	has := func(stage []dockerInstruction, cmd string, re string) bool {
		return slices.ContainsFunc(all(stage, cmd), regexp.MustCompile(re).MatchString)
	}
	var ui, build bool
	for _, s := range stages[:len(stages)-1] {
		if has(s, "FROM", `^node:\S+ AS ui$`) && has(s, "RUN", `npm ci`) && has(s, "RUN", `npm run build`) {
			ui = true
		}
		if has(s, "COPY", `--from=ui \S*dist/app \S*frontend/dist/app`) &&
			has(s, "RUN", `CGO_ENABLED=0 go build -trimpath .*\./cmd/server`) {
			build = true
		}
	}
	if !ui || !build {
		t.Errorf("Dockerfile: a node stage \"ui\" running npm ci and npm run build (%v), and a Go stage copying its dist/app and building a static ./cmd/server with CGO_ENABLED=0 -trimpath (%v)", ui, build)
	}

	final := stages[len(stages)-1]
	users := all(final, "USER")
	if len(users) == 0 || slices.Contains([]string{"root", "0", "0:0"}, users[len(users)-1]) {
		t.Errorf("final stage runs as %v, want a non-root USER", users)
	}
	if !has(final, "VOLUME", `^/data$`) || !has(final, "ENV", `DATABASE_URL=sqlite:///data/`) {
		t.Errorf("final stage: want VOLUME /data holding the default SQLite database")
	}
	if !has(final, "ENV", `HTTP_ADDR=:8080`) || !has(final, "EXPOSE", `^8080$`) {
		t.Errorf("final stage: want HTTP_ADDR=:8080 and EXPOSE 8080")
	}
	checks := all(final, "HEALTHCHECK")
	if len(checks) != 1 || !strings.Contains(checks[0], `"/busybox", "wget"`) || !strings.Contains(checks[0], "http://127.0.0.1:8080/healthz") {
		t.Fatalf("final stage: HEALTHCHECK %v, want /busybox wget of /healthz", checks)
	}
	if !has(final, "COPY", `--from=busybox /bin/busybox /busybox$`) {
		t.Errorf("final stage: the health check's /busybox is not copied in")
	}
	c := readCompose(t)
	for _, name := range c.serverCopies() {
		if hc := c.Services[name].Healthcheck; hc != nil && !slices.Contains(hc.Test, "/busybox") {
			t.Errorf("%s: healthcheck %v uses a tool the image may not carry; /busybox is there", name, hc.Test)
		}
	}
}
