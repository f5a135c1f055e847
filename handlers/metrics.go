package handlers

import (
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"cqshare/app"
)

// Labels of requests whose method or route the server does not have: the label values must
// not come from the client, or each invented method or path would add series (memory, and a
// /metrics answer that grows without bound).
const (
	otherMethod    = "OTHER"
	unmatchedRoute = "unmatched"
)

// metrics holds the Prometheus registry of one server: requests by route and status, their
// latencies, the database pools, the scheduled jobs and the e-mail outbox (metrics_state.go),
// the Go runtime and the process. docs/operations.md lists them.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	// routes are the route patterns that may be labels, set once the routes are registered.
	routes map[string]bool
}

func newMetrics(a *app.App, log *slog.Logger) *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total", Help: "HTTP requests by method, route and status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "http_request_duration_seconds", Help: "HTTP request latency by method and route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"method", "route"}),
	}
	m.registry.MustRegister(m.requests, m.latency, stateCollector{app: a, log: log},
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for name, db := range a.DBPools() {
		m.registry.MustRegister(collectors.NewDBStatsCollector(db, name))
	}
	return m
}

// observeRoutes records the route patterns that label requests: every route with a handler
// and the web UI's "/*". The API's catch-all and Echo's not-found routes are "unmatched".
func (m *metrics) observeRoutes(routes []*echo.Route) {
	m.routes = map[string]bool{}
	for _, r := range routes {
		if r.Method != echo.RouteNotFound && (r.Path == "/*" || !strings.HasSuffix(r.Path, "/*")) {
			m.routes[r.Path] = true
		}
	}
}

func (m *metrics) middleware(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		status := c.Response().Status
		if err != nil {
			status, _ = appError(err)
		}
		route := c.Path()
		if !m.routes[route] {
			route = unmatchedRoute
		}
		method := methodLabel(c.Request().Method)
		m.requests.WithLabelValues(method, route, strconv.Itoa(status)).Inc()
		m.latency.WithLabelValues(method, route).Observe(time.Since(start).Seconds())
		return err
	}
}

// methodLabel is the method as a label: the methods of HTTP/1.1 and PATCH as they are, any
// other as OTHER.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch,
		http.MethodDelete, http.MethodOptions, http.MethodConnect, http.MethodTrace:
		return method
	}
	return otherMethod
}

// handler serves the registry in the Prometheus text format, for the METRICS_ADDR listener.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// apiPortHandler answers /metrics on the API port. With a listener of their own (METRICS_ADDR)
// the metrics are not here at all; without one, only a caller on this machine whose request no
// proxy relayed gets them, and everyone else finds nothing.
func (m *metrics) apiPortHandler(ownListener bool) echo.HandlerFunc {
	serve := echo.WrapHandler(m.handler())
	return func(c echo.Context) error {
		if ownListener || !fromThisMachine(c.Request()) {
			return echo.ErrNotFound
		}
		return serve(c)
	}
}

// fromThisMachine reports whether the connection's peer is a loopback address and the request
// names no other client: a reverse proxy on the same host connects from loopback too, and
// says for whom in one of these headers.
func fromThisMachine(r *http.Request) bool {
	for _, h := range []string{echo.HeaderXForwardedFor, echo.HeaderXRealIP, "Forwarded"} {
		if r.Header.Get(h) != "" {
			return false
		}
	}
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	return err == nil && peer.Addr().Unmap().IsLoopback()
}
