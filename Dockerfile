# The server image: the web UI built with Node, embedded into a static Go binary, run on
# distroless as a non-root user. `docker compose up` (docker-compose.yml) runs it against MySQL 8.

# 1. The web UI (frontend/dist/app).
FROM node:20-bookworm-slim AS ui
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# 2. The server, with the UI embedded (pure Go: SQLite needs no cgo).
FROM golang:1.26-bookworm AS server
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
COPY --from=ui /src/frontend/dist/app ./frontend/dist/app
RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o /out/server ./cmd/server \
 && mkdir -p /out/data

# 3. The runtime: no shell, no package manager; busybox's wget only for the health check.
FROM busybox:1.36-musl AS busybox

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=busybox /bin/busybox /busybox
COPY --from=server /out/server /server
COPY --from=server --chown=nonroot:nonroot /out/data /data
ENV HTTP_ADDR=:8080 \
    DATABASE_URL=sqlite:///data/app.db \
    TZ_DEFAULT=Asia/Shanghai
VOLUME /data
EXPOSE 8080
USER nonroot
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=5 \
  CMD ["/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/readyz"]
ENTRYPOINT ["/server"]
CMD ["serve"]
