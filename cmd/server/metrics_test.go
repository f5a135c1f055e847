package main

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"cqshare/app/apptest"
)

// TestMetricsListener starts the server with METRICS_ADDR: the metrics are served there, and
// the API port answers 404 for /metrics.
func TestMetricsListener(t *testing.T) {
	t.Parallel()
	metricsAddr, err := freeLoopbackAddr()
	if err != nil {
		t.Fatal(err)
	}
	p := readyServer(t, apptest.DatabaseURL(t), "METRICS_ADDR="+metricsAddr)
	get := func(url string) (int, string) {
		t.Helper()
		res, err := http.Get(url)
		if err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
		defer res.Body.Close()
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	if status, body := get("http://" + metricsAddr + "/metrics"); status != http.StatusOK || !strings.Contains(body, `route="/readyz"`) {
		t.Errorf("GET /metrics on METRICS_ADDR: got %d %s, want 200 counting the API's requests", status, body)
	}
	if status, _ := get(p.URL + "/metrics"); status != http.StatusNotFound {
		t.Errorf("GET /metrics on the API port: got %d, want 404", status)
	}
}
