package handlers

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"

	"cqshare/frontend"
)

const noUIPage = `<!doctype html><html lang="en"><meta charset="utf-8"><title>UI not built</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>The web UI has not been built</h1>
<p>The API is running under <a href="/api/v1">/api/v1</a>, with its documentation at <a href="/api/docs">/api/docs</a>.</p>
<p>To build the UI, install Node.js 20+ and run <code>make build</code> (or <code>make run</code>) in the project folder.</p>
<p lang="zh-CN">界面尚未构建：安装 Node.js 20+ 后在项目目录运行 <code>make build</code>。</p></body></html>`

// uiHandler serves the embedded single-page app: files by path, index.html for every client-side
// route. Hashed assets are cached for a year; index.html never, so a deploy takes effect at once.
func uiHandler(dist fs.FS) echo.HandlerFunc {
	if dist == nil {
		return func(c echo.Context) error { return c.HTML(http.StatusOK, noUIPage) }
	}
	files := http.FileServer(http.FS(dist))
	return func(c echo.Context) error {
		p := strings.TrimPrefix(path.Clean(c.Request().URL.Path), "/")
		if strings.HasPrefix(p, "api/") {
			return echo.ErrNotFound
		}
		if p != "" && p != "index.html" {
			if st, err := fs.Stat(dist, p); err == nil && !st.IsDir() {
				if strings.HasPrefix(p, "assets/") {
					c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				files.ServeHTTP(c.Response(), c.Request())
				return nil
			}
			if strings.HasPrefix(p, "assets/") {
				return echo.ErrNotFound
			}
		}
		c.Response().Header().Set("Cache-Control", "no-cache")
		index, err := fs.ReadFile(dist, "index.html")
		if err != nil {
			return err
		}
		return c.HTMLBlob(http.StatusOK, index)
	}
}

func uiFS() fs.FS { return frontend.Dist() }
