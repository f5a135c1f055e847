// Package handlers is the HTTP layer: routes, request and response types, authentication,
// the error mapping, metrics, the API document and the embedded web UI.
package handlers

import (
	"crypto/rand"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"cqshare/app"
	"cqshare/app/core"
)

// Handler serves the API over one App.
type Handler struct {
	app     *app.App
	log     *slog.Logger
	valid   *validation
	metrics *metrics
}

// New builds the Echo server with every middleware and route.
func New(a *app.App, log *slog.Logger) (*echo.Echo, error) {
	e, _, err := NewWithMetrics(a, log)
	return e, err
}

// NewWithMetrics builds the Echo server and the handler of the metrics it counts, which
// cmd/server serves on their own listener when METRICS_ADDR is set.
func NewWithMetrics(a *app.App, log *slog.Logger) (*echo.Echo, http.Handler, error) {
	valid, err := newValidation()
	if err != nil {
		return nil, nil, err
	}
	h := &Handler{app: a, log: log, valid: valid, metrics: newMetrics(a, log)}

	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = errorHandler(log)
	e.Binder = &strictBinder{}
	e.IPExtractor = ipExtractor(a.Config().TrustedProxies)

	e.Use(requestID(a.Config().TrustedProxies))
	e.Use(accessLog(log))
	e.Use(h.metrics.middleware)
	e.Use(middleware.RecoverWithConfig(middleware.RecoverConfig{
		LogErrorFunc: func(c echo.Context, err error, stack []byte) error {
			log.ErrorContext(c.Request().Context(), "panic", "err", err, "stack", string(stack),
				"request_id", c.Response().Header().Get(echo.HeaderXRequestID))
			return err
		},
		DisableErrorHandler: false,
	}))
	e.Use(middleware.BodyLimitWithConfig(middleware.BodyLimitConfig{Limit: "1M", Skipper: isUpload})) // uploads: uploadBodyLimit
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{
		Skipper: func(c echo.Context) bool { return c.Path() == "/metrics" },
	}))
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection:         "0",
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		ReferrerPolicy:        "same-origin",
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; script-src 'self'; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'",
	}))
	if a.Config().SecureCookies {
		// Secure cookies mean the site is served over HTTPS: browsers are told to use nothing
		// else, so a network attacker cannot strip TLS on the first visit after this one.
		e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
			return func(c echo.Context) error {
				c.Response().Header().Set(echo.HeaderStrictTransportSecurity, "max-age=31536000")
				return next(c)
			}
		})
	}
	if a.Config().RateLimits {
		e.Use(middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
			Skipper: func(c echo.Context) bool {
				return c.Path() == "/healthz" || c.Path() == "/readyz" || c.Path() == "/metrics"
			},
			Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
				Rate: rate.Limit(30), Burst: 120, ExpiresIn: 3 * time.Minute,
			}),
			IdentifierExtractor: func(c echo.Context) (string, error) { return c.RealIP(), nil },
			ErrorHandler: func(c echo.Context, err error) error {
				return &echo.HTTPError{Code: http.StatusForbidden, Message: "cannot identify the client", Internal: err}
			},
			DenyHandler: func(c echo.Context, _ string, _ error) error { return core.ErrRateLimited },
		}))
	}
	h.routes(e)
	h.metrics.observeRoutes(e.Routes())
	return e, h.metrics.handler(), nil
}

// ipExtractor finds the client's address for c.RealIP (rate limits, logs, sessions): the
// connection's peer, unless that peer is one of the trusted proxies, whose X-Forwarded-For is
// then read from the right, past every trusted hop. Anyone else's X-Forwarded-For is what the
// client claims, and is ignored.
func ipExtractor(trusted []netip.Prefix) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	opts := []echo.TrustOption{echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false)}
	for _, p := range trusted {
		opts = append(opts, echo.TrustIPRange(&net.IPNet{IP: p.Addr().AsSlice(), Mask: net.CIDRMask(p.Bits(), p.Addr().BitLen())}))
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

// requestID gives every request an ID, answered in X-Request-ID and written in its log lines.
// The server makes it, except that a trusted proxy may pass on its own if validRequestID; a
// client's header would let it choose what the logs say (3,000 characters, forged IDs).
func requestID(trusted []netip.Prefix) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			id := req.Header.Get(echo.HeaderXRequestID)
			if !validRequestID(id) || !fromTrustedProxy(req, trusted) {
				id = rand.Text()
			}
			req.Header.Set(echo.HeaderXRequestID, id) // the access log reads the request's header first
			c.Response().Header().Set(echo.HeaderXRequestID, id)
			return next(c)
		}
	}
}

// fromTrustedProxy reports whether the connection's peer is one of the trusted proxies.
func fromTrustedProxy(r *http.Request, trusted []netip.Prefix) bool {
	if len(trusted) == 0 {
		return false
	}
	peer, err := netip.ParseAddrPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	for _, p := range trusted {
		if p.Contains(peer.Addr().Unmap()) {
			return true
		}
	}
	return false
}

// maxRequestIDLen bounds a request ID a trusted proxy may set.
const maxRequestIDLen = 64

// validRequestID reports whether id is a request ID the server would log as it is: 1 to 64 of
// A-Z, a-z, 0-9, '-', '_' and '.'.
func validRequestID(id string) bool {
	if id == "" || len(id) > maxRequestIDLen {
		return false
	}
	for _, r := range id {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
		default:
			return false
		}
	}
	return true
}

// accessLog writes one structured line per request, mobile and ID numbers in its URI masked.
func accessLog(log *slog.Logger) echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURI: true, LogMethod: true, LogLatency: true, LogRequestID: true,
		LogRemoteIP: true, LogRoutePath: true, LogError: true, HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelError
			}
			uri := core.MaskPersonal(v.URI) // a search by phone or ID number must not put it in the logs
			if v.RoutePath == "/api/v1/calendar/:feed" {
				uri = v.RoutePath // the path is the feed's secret: the log must not hand it out
			}
			log.LogAttrs(c.Request().Context(), level, "http",
				slog.String("method", v.Method), slog.String("uri", uri), slog.String("route", v.RoutePath),
				slog.Int("status", v.Status), slog.Duration("latency", v.Latency),
				slog.String("ip", v.RemoteIP), slog.String("request_id", v.RequestID))
			return nil
		},
	})
}
