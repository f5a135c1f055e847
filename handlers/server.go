// Package handlers is the HTTP layer: routes, request and response types, authentication,
// the error mapping, metrics, the API document and the embedded web UI.
package handlers

import (
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
	valid, err := newValidation()
	if err != nil {
		return nil, err
	}
	h := &Handler{app: a, log: log, valid: valid, metrics: newMetrics(a)}

	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = errorHandler(log)
	e.Binder = &strictBinder{}
	e.IPExtractor = ipExtractor(a.Config().TrustedProxies)

	e.Use(middleware.RequestID())
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
	e.Use(middleware.BodyLimit("1M"))
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
	return e, nil
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

// accessLog writes one structured line per request.
func accessLog(log *slog.Logger) echo.MiddlewareFunc {
	return middleware.RequestLoggerWithConfig(middleware.RequestLoggerConfig{
		LogStatus: true, LogURI: true, LogMethod: true, LogLatency: true, LogRequestID: true,
		LogRemoteIP: true, LogRoutePath: true, LogError: true, HandleError: true,
		LogValuesFunc: func(c echo.Context, v middleware.RequestLoggerValues) error {
			level := slog.LevelInfo
			if v.Status >= 500 {
				level = slog.LevelError
			}
			log.LogAttrs(c.Request().Context(), level, "http",
				slog.String("method", v.Method), slog.String("uri", v.URI), slog.String("route", v.RoutePath),
				slog.Int("status", v.Status), slog.Duration("latency", v.Latency),
				slog.String("ip", v.RemoteIP), slog.String("request_id", v.RequestID))
			return nil
		},
	})
}
