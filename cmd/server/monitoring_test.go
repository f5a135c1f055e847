package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"

	"cqshare/app"
	"cqshare/app/apptest"
)

// alertRules is docs/monitoring/alerts.yml.
type alertRules struct {
	Groups []struct {
		Name  string
		Rules []struct {
			Alert       string
			Expr        string
			For         string
			Labels      map[string]string
			Annotations map[string]string
		}
	}
}

func readAlertRules(t *testing.T) alertRules {
	t.Helper()
	raw := repoFile(t, "docs/monitoring/alerts.yml")
	var rules alertRules
	dec := yaml.NewDecoder(strings.NewReader(string(raw)))
	dec.KnownFields(true)
	if err := dec.Decode(&rules); err != nil {
		t.Fatalf("alerts.yml: %v", err)
	}
	return rules
}

// dashboard is the part of docs/monitoring/grafana-dashboard.json the checks read.
type dashboard struct {
	UID        string
	Title      string
	Templating struct {
		List []struct {
			Name  string
			Type  string
			Query any
		}
	}
	Panels []struct {
		ID         int
		Type       string
		Title      string
		Datasource struct{ UID string }
		GridPos    *struct{ H, W, X, Y int } `json:"gridPos"`
		Targets    []struct{ Expr string }
	}
}

func readDashboard(t *testing.T) dashboard {
	t.Helper()
	raw := repoFile(t, "docs/monitoring/grafana-dashboard.json")
	var d dashboard
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("grafana-dashboard.json: %v", err)
	}
	return d
}

// TestAlertRulesAreWellFormed checks the shape Prometheus and the people paged rely on: named
// groups of rules, each with a unique alert name, an expression, a duration, a severity
// (critical or warning) and a summary and description.
func TestAlertRulesAreWellFormed(t *testing.T) {
	t.Parallel()
	rules := readAlertRules(t)
	if len(rules.Groups) == 0 {
		t.Fatal("alerts.yml: no groups")
	}
	seen := map[string]bool{}
	for _, g := range rules.Groups {
		if g.Name == "" || seen["group "+g.Name] || len(g.Rules) == 0 {
			t.Errorf("group %q: want a unique name and at least one rule", g.Name)
		}
		seen["group "+g.Name] = true
		for _, r := range g.Rules {
			if !regexp.MustCompile(`^Cqshare[A-Z][A-Za-z]+$`).MatchString(r.Alert) || seen[r.Alert] {
				t.Errorf("group %s: alert %q: want a unique name Cqshare…", g.Name, r.Alert)
			}
			seen[r.Alert] = true
			if strings.TrimSpace(r.Expr) == "" {
				t.Errorf("%s: no expr", r.Alert)
			}
			if _, err := time.ParseDuration(r.For); err != nil {
				t.Errorf("%s: for %q: %v", r.Alert, r.For, err)
			}
			if s := r.Labels["severity"]; s != "critical" && s != "warning" {
				t.Errorf("%s: severity %q, want critical or warning", r.Alert, s)
			}
			for _, a := range []string{"summary", "description"} {
				if strings.TrimSpace(r.Annotations[a]) == "" {
					t.Errorf("%s: no annotations.%s", r.Alert, a)
				}
			}
		}
	}
}

// TestDashboardIsWellFormed checks that every panel of the dashboard can be placed and drawn:
// an ID, a title, a place on the grid, the dashboard's data source and, but for rows, a query.
func TestDashboardIsWellFormed(t *testing.T) {
	t.Parallel()
	d := readDashboard(t)
	if d.UID == "" || d.Title == "" || len(d.Panels) == 0 {
		t.Fatalf("dashboard: uid %q, title %q, %d panels; want all", d.UID, d.Title, len(d.Panels))
	}
	ids := map[int]bool{}
	for _, p := range d.Panels {
		if p.ID == 0 || ids[p.ID] || p.Title == "" || p.GridPos == nil || p.GridPos.W == 0 || p.GridPos.H == 0 {
			t.Errorf("panel %d %q: want a unique id, a title and a grid position", p.ID, p.Title)
		}
		ids[p.ID] = true
		if p.Type == "row" {
			continue
		}
		if p.Datasource.UID != "${datasource}" || len(p.Targets) == 0 {
			t.Errorf("panel %q: data source %q and %d queries; want ${datasource} and at least one", p.Title, p.Datasource.UID, len(p.Targets))
		}
		for _, q := range p.Targets {
			if strings.TrimSpace(q.Expr) == "" {
				t.Errorf("panel %q: an empty query", p.Title)
			}
		}
	}
}

// PromQL's functions and keywords the rules and the dashboard use; an identifier that is none of
// these is a metric name.
var (
	promFunctions = []string{"abs", "changes", "delta", "histogram_quantile", "increase", "rate", "time", "topk",
		"sum", "max", "min", "avg", "count"}
	promKeywords = []string{"and", "or", "unless", "bool", "offset"}
	// Parts of an expression that hold no metric names: strings, label matchers, ranges, and
	// the label lists of grouping and vector matching.
	promNoNames = []*regexp.Regexp{
		regexp.MustCompile(`"(?:[^"\\]|\\.)*"`),
		regexp.MustCompile(`\{[^}]*\}`),
		regexp.MustCompile(`\[[^\]]*\]`),
		regexp.MustCompile(`\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)`),
	}
	// An identifier not glued to a number (1e6) or another name.
	promIdent = regexp.MustCompile(`(?:^|[^A-Za-z0-9_:.$])([A-Za-z_:][A-Za-z0-9_:]*)`)
)

// promMetricNames returns the metric names an expression reads, or an error naming an
// identifier called as a function that the list does not know.
func promMetricNames(expr string) ([]string, error) {
	for _, re := range promNoNames {
		expr = re.ReplaceAllString(expr, " ")
	}
	var names []string
	for _, m := range promIdent.FindAllStringSubmatchIndex(expr, -1) {
		name := expr[m[2]:m[3]]
		called := strings.HasPrefix(strings.TrimLeft(expr[m[3]:], " \t\n"), "(")
		switch {
		case called && !slices.Contains(promFunctions, name):
			return nil, fmt.Errorf("%s(…) is no function the check knows; add it to promFunctions", name)
		case called || slices.Contains(promKeywords, name):
		default:
			names = append(names, name)
		}
	}
	return names, nil
}

// TestPromMetricNames pins the tokenizer the next test relies on.
func TestPromMetricNames(t *testing.T) {
	t.Parallel()
	tests := []struct {
		expr    string
		want    []string
		wantErr bool
	}{
		{`up{job="cqshare"} == 0`, []string{"up"}, false},
		{`sum by (le, route) (rate(a_bucket{x=~"5..", y="b c"}[5m])) / on(instance) group_left(z) b_total > 1e6`, []string{"a_bucket", "b_total"}, false},
		{`time() - max without (job) (c_seconds) > 2 * d + 600 and e unless f offset 1h`, []string{"c_seconds", "d", "e", "f"}, false},
		{`frobnicate(a)`, nil, true},
	}
	for _, tt := range tests {
		got, err := promMetricNames(tt.expr)
		if (err != nil) != tt.wantErr || !slices.Equal(got, tt.want) {
			t.Errorf("%s: got %v, %v; want %v, error %v", tt.expr, got, err, tt.want, tt.wantErr)
		}
	}
}

// promSynthetic are the series Prometheus writes for each scrape, not the server.
var promSynthetic = []string{"up"}

// TestMonitoringMetricsExist runs a job as another copy would (`server rollup`), starts the
// server, sends it some traffic and scrapes its METRICS_ADDR: every metric the alert rules and
// the dashboard read must be in the scrape, and the job run recorded by the other process too.
func TestMonitoringMetricsExist(t *testing.T) {
	t.Parallel()
	dbURL := apptest.DatabaseURL(t)
	cfg, err := app.ConfigFromLookup(func(k string) (string, bool) {
		v, ok := map[string]string{"DATABASE_URL": dbURL, "JOBS_ENABLED": "false"}[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	day := time.Now().AddDate(0, 0, -1).Format(time.DateOnly)
	if err := rollup(context.Background(), apptest.Logger(t), cfg, []string{"--from", day}); err != nil {
		t.Fatalf("rollup: %v", err)
	}
	metricsAddr, err := freeLoopbackAddr()
	if err != nil {
		t.Fatal(err)
	}
	p := readyServer(t, dbURL, "METRICS_ADDR="+metricsAddr)
	for _, r := range []struct{ method, path, body string }{
		{http.MethodGet, "/healthz", ""},
		{http.MethodGet, "/api/v1/facilities", ""},
		{http.MethodGet, "/api/v1/no-such-thing", ""},
		{http.MethodPost, "/api/v1/auth/login", `{"email":"nobody@example.cn","password":"wrong-pass-2026"}`},
	} {
		req, _ := http.NewRequest(r.method, p.URL+r.path, strings.NewReader(r.body))
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", r.method, r.path, err)
		}
		res.Body.Close()
	}
	res, err := http.Get("http://" + metricsAddr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /metrics: got %d %s", res.StatusCode, body)
	}
	scraped := map[string]bool{}
	for line := range strings.Lines(string(body)) {
		if line != "" && !strings.HasPrefix(line, "#") {
			scraped[strings.FieldsFunc(line, func(r rune) bool { return r == '{' || r == ' ' })[0]] = true
		}
	}
	if !strings.Contains(string(body), `cqshare_job_last_success_timestamp_seconds{job_name="reports_rollup"}`) {
		t.Errorf("the scrape does not show the rollup's run recorded by the other process")
	}

	check := func(where, expr string) {
		t.Helper()
		names, err := promMetricNames(expr)
		if err != nil {
			t.Errorf("%s: %v", where, err)
		}
		for _, n := range names {
			if !scraped[n] && !slices.Contains(promSynthetic, n) {
				t.Errorf("%s reads %s, which the server does not export", where, n)
			}
		}
	}
	for _, g := range readAlertRules(t).Groups {
		for _, r := range g.Rules {
			check("alert "+r.Alert, r.Expr)
		}
	}
	d := readDashboard(t)
	for _, p := range d.Panels {
		for _, q := range p.Targets {
			check("panel "+p.Title, q.Expr)
		}
	}
	for _, v := range d.Templating.List {
		if q, ok := v.Query.(map[string]any); ok {
			if m := regexp.MustCompile(`label_values\(([A-Za-z_:][A-Za-z0-9_:]*)`).FindStringSubmatch(fmt.Sprint(q["query"])); m != nil {
				check("variable "+v.Name, m[1])
			}
		}
	}
}
