# syntax=docker/dockerfile:1
# The server image: the web UI built with Node, embedded into a static Go binary, run on
# distroless as a non-root user. docker-compose.yml runs two copies of it behind HAProxy against
# MySQL 8; on its own it runs on SQLite in the /data volume:
#
#   docker build -t cqshare-server .
#   docker run -p 8080:8080 -v cqshare-data:/data -e SEED_DEMO=true cqshare-server
#   docker run -v cqshare-data:/data cqshare-server migrate     (or seed, rollup, league)

# 1. The web UI (frontend/dist/app). Only the lock file's change reinstalls the packages.
FROM node:20-bookworm-slim AS ui
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# 2. The server, with the UI embedded: pure Go (SQLite needs no cgo), so a static binary; the
# time zone database built in, so TZ_DEFAULT and facilities' zones load on any base image.
FROM golang:1.26-bookworm AS server
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod go mod download
COPY . .
COPY --from=ui /src/frontend/dist/app ./frontend/dist/app
RUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -tags timetzdata -ldflags="-s -w" -o /out/server ./cmd/server \
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
# The SQLite database and the local file store (FILES_DIR defaults to /data/files); nothing is
# kept here with DATABASE_URL=mysql://… and FILE_STORE=s3.
VOLUME /data
EXPOSE 8080
USER nonroot
# Liveness: /healthz answers while the process serves. Migrations and a first demo seed run
# before it listens, which the start period covers. Load balancers check /readyz instead (the
# database reachable and migrated), so a database outage takes copies out of rotation without
# marking every container unhealthy.
HEALTHCHECK --interval=10s --timeout=3s --start-period=10m --retries=5 \
  CMD ["/busybox", "wget", "-q", "-O", "/dev/null", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["/server"]
CMD ["serve"]
