# The two commands most people need: `make run` (build everything and serve the demo on :8080)
# and `make test` (every test on SQLite, on MariaDB/MySQL when TEST_MYSQL_DSN is set, and the
# web UI's lint, type check, unit and browser tests, and the Lighthouse budgets). `make help` lists the rest.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

GO          ?= go
BIN         := $(CURDIR)/bin
FRONTEND    := frontend
SUMMARY     := $(BIN)/test-summary.txt
TESTCOUNT   := $(BIN)/testcount
GOTESTFLAGS ?= -race -count=1 -parallel 4 -timeout 30m
# The MariaDB pass runs the same tests without the race detector (the SQLite pass has it), which
# halves its time on two cores.
GOTESTFLAGS_MYSQL ?= -count=1 -parallel 4 -timeout 30m
# Every Go package of the project (npm packages may ship Go code under node_modules).
GOPKGS = $$($(GO) list ./... | grep -v /node_modules/)
HTTP_ADDR   ?= :8080

GOLANGCI_LINT_VERSION := v2.15.0
GOVULNCHECK_VERSION   := v1.9.0
# govulncheck needs vuln.go.dev: `auto` runs it when reachable, `on` always, `off` never.
VULNCHECK ?= auto

.PHONY: help run build server ui test test-go test-mysql fuzz test-ui test-e2e test-lighthouse lint lint-openapi vulncheck bench bench-quick tools clean

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-15s %s\n", $$1, $$2}'

run: build ## build the UI and server, then serve the demo (SQLite under ./data, demo accounts seeded)
	@mkdir -p data
	SEED_DEMO=$${SEED_DEMO:-true} DATABASE_URL=$${DATABASE_URL:-sqlite://data/app.db} HTTP_ADDR=$(HTTP_ADDR) $(BIN)/server

build: ui server ## build the UI and the server binary (bin/server, UI embedded)

server: ## build bin/server from the Go sources (embeds whatever frontend/dist/app holds)
	$(GO) build -trimpath -o $(BIN)/server ./cmd/server

# npm ci runs again only when package-lock.json changed since the last install.
$(FRONTEND)/node_modules/.installed: $(FRONTEND)/package-lock.json
	cd $(FRONTEND) && npm ci --no-audit --no-fund
	@touch $@

ui: $(FRONTEND)/node_modules/.installed ## build the web UI into frontend/dist/app
	cd $(FRONTEND) && npm run build

test: ## run every test: Go on SQLite, Go on MariaDB/MySQL, the fuzz targets (bounded), UI lint, types, unit, browser and Lighthouse tests
	@mkdir -p $(BIN); rm -f $(SUMMARY); status=0; start=$$(date +%s); \
	for t in test-go test-mysql fuzz test-ui test-e2e test-lighthouse; do \
		echo "==> make $$t"; $(MAKE) $$t FUZZTIME=$(TEST_FUZZTIME) || { status=1; echo "==> make $$t FAILED"; }; \
	done; \
	$(MAKE) $(TESTCOUNT) >/dev/null; \
	echo "==> make test took $$(( $$(date +%s) - start ))s"; \
	$(TESTCOUNT) -report -summary $(SUMMARY) || status=1; \
	exit $$status

$(TESTCOUNT): scripts/testcount/main.go
	$(GO) build -o $@ ./scripts/testcount

test-go: $(TESTCOUNT) ## Go tests with the race detector on SQLite
	TEST_DATABASE=sqlite $(GO) test $(GOTESTFLAGS) -json $(GOPKGS) | $(TESTCOUNT) -label go-sqlite -summary $(SUMMARY)

test-mysql: $(TESTCOUNT) ## the same Go tests on MariaDB/MySQL (needs TEST_MYSQL_DSN, e.g. root@tcp(127.0.0.1:3306)/)
	@if [ -z "$${TEST_MYSQL_DSN:-}" ]; then \
		if [ "$${CI:-}" = true ]; then echo "test-mysql: TEST_MYSQL_DSN is not set; CI must run the MariaDB tests" >&2; exit 1; fi; \
		echo "SKIPPED test-mysql: TEST_MYSQL_DSN is not set (e.g. TEST_MYSQL_DSN='root@tcp(127.0.0.1:3306)/')"; exit 0; \
	fi; \
	TEST_DATABASE=mysql $(GO) test $(GOTESTFLAGS_MYSQL) -json $(GOPKGS) | $(TESTCOUNT) -label go-mysql -summary $(SUMMARY)

# Every go test runs the fuzz targets' seed corpora; this runs each target (func FuzzXxx in a
# _test.go file) with generated input for FUZZTIME. go test fuzzes one target per run. A failing
# input is written to the package's testdata/fuzz/FuzzXxx, where every go test then replays it.
FUZZTIME ?= 10s
# make test gives each target less, to keep its fuzzing within about three minutes on two cores.
TEST_FUZZTIME ?= 5s
# Go 1.26's fuzzing engine can report "context deadline exceeded" as a failure when -fuzztime ends
# while a worker is mid-call (go.dev/issue/75804, fixed in Go 1.27): no input is found and none is
# written. Such a run is fuzzed once more; a real finding writes its input, which the second run
# replays from testdata and fails on again.
fuzz: ## run every fuzz target for FUZZTIME (default 10s; `make fuzz FUZZTIME=10m` to search longer)
	@status=0; start=$$(date +%s); log=$$(mktemp); \
	fuzz() { TEST_DATABASE=sqlite $(GO) test -run "^$$2\$$" -fuzz "^$$2\$$" -fuzztime $(FUZZTIME) $$1 2>&1 | tee $$log; }; \
	for dir in $$(grep -rl --include='*_test.go' --exclude-dir=node_modules '^func Fuzz' . | xargs -n1 dirname | sort -u); do \
		for target in $$(grep -ho '^func Fuzz[A-Za-z0-9_]*' $$dir/*_test.go | cut -c6- | sort); do \
			echo "==> $$dir $$target"; \
			if fuzz $$dir $$target; then continue; fi; \
			if grep -q 'context deadline exceeded' $$log && ! grep -q 'Failing input written' $$log; then \
				echo "==> $$dir $$target: the engine's deadline race at the end of -fuzztime, no input found; once more"; \
				if fuzz $$dir $$target; then continue; fi; \
			fi; \
			status=1; echo "==> $$dir $$target FAILED"; \
		done; \
	done; \
	rm -f $$log; echo "==> make fuzz took $$(( $$(date +%s) - start ))s"; exit $$status

test-ui: $(FRONTEND)/node_modules/.installed $(TESTCOUNT) ## UI lint, type check and unit tests (Vitest)
	cd $(FRONTEND) && npm run lint
	cd $(FRONTEND) && npm run typecheck
	@rm -f $(BIN)/vitest.json; status=0; \
	(cd $(FRONTEND) && npm run test:unit -- --reporter=default --reporter=json --outputFile.json=$(BIN)/vitest.json) || status=1; \
	$(TESTCOUNT) -label ui-unit -vitest $(BIN)/vitest.json -summary $(SUMMARY) || status=1; \
	exit $$status

test-e2e: build $(TESTCOUNT) ## browser tests (Playwright, Debian's Chromium) against bin/server with the demo data
	@rm -f $(BIN)/playwright.json; status=0; \
	(cd $(FRONTEND) && E2E_SERVER_BIN=$(BIN)/server PLAYWRIGHT_JSON_OUTPUT_NAME=$(BIN)/playwright.json \
		npm run test:e2e -- --reporter=list,json) || status=1; \
	$(TESTCOUNT) -label e2e -playwright $(BIN)/playwright.json -summary $(SUMMARY) || status=1; \
	exit $$status

# Each page is run three times and judged on its median; the run has its own server, database
# and port (see frontend/scripts/lighthouse.mjs).
test-lighthouse: build $(TESTCOUNT) ## Lighthouse CI budgets (accessibility, contrast, layout shift, phone speed) on Debian's Chromium
	@rm -f $(BIN)/lighthouse.json; status=0; \
	(cd $(FRONTEND) && LH_SERVER_BIN=$(BIN)/server LH_JSON=$(BIN)/lighthouse.json npm run test:lighthouse) || status=1; \
	$(TESTCOUNT) -label lighthouse -lighthouse $(BIN)/lighthouse.json -summary $(SUMMARY) || status=1; \
	exit $$status

lint: tools ## gofmt, go vet, golangci-lint (staticcheck, errcheck, depguard, misspell), govulncheck, the API document
	@unformatted=$$(find . -name '*.go' -not -path './frontend/node_modules/*' -not -path './.git/*' | xargs gofmt -l); \
	if [ -n "$$unformatted" ]; then echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet $(GOPKGS)
	$(BIN)/golangci-lint run ./...
	@$(MAKE) lint-openapi
	@$(MAKE) vulncheck

# The document the server serves, merged from handlers/openapi/*.yaml, linted by Redocly
# (recommended rules, warnings fail: redocly.yaml) and Spectral (spectral:oas, .spectral.yaml).
# The file is named relative to the repository, as .redocly.lint-ignore.yaml names it.
OPENAPI_JSON := bin/openapi.json
lint-openapi: $(FRONTEND)/node_modules/.installed ## lint the API document with Redocly and Spectral
	@mkdir -p $(BIN)
	$(GO) run ./scripts/openapi $(OPENAPI_JSON)
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true $(FRONTEND)/node_modules/.bin/redocly lint $(OPENAPI_JSON) --config redocly.yaml --format stylish
	$(FRONTEND)/node_modules/.bin/spectral lint $(OPENAPI_JSON) --ruleset .spectral.yaml --fail-severity warn

vulncheck: ## govulncheck (VULNCHECK=auto runs it only when vuln.go.dev answers)
	@case "$(VULNCHECK)" in \
	off) echo "govulncheck: off (VULNCHECK=off)";; \
	on) $(BIN)/govulncheck $(GOPKGS);; \
	*) if curl -fsS -m 5 -o /dev/null https://vuln.go.dev/index/db.json 2>/dev/null; then $(BIN)/govulncheck $(GOPKGS); \
	   else echo "govulncheck: SKIPPED, vuln.go.dev is not reachable (VULNCHECK=on forces it)"; fi;; \
	esac

tools: $(BIN)/golangci-lint $(BIN)/govulncheck ## install the pinned linters into ./bin

$(BIN)/golangci-lint:
	GOBIN=$(BIN) $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(GOLANGCI_LINT_VERSION)

$(BIN)/govulncheck:
	GOBIN=$(BIN) $(GO) install golang.org/x/vuln/cmd/govulncheck@$(GOVULNCHECK_VERSION)

bench: ## the benchmark of docs/performance.md: every scenario, engine and mode, each beside its baseline (BENCHFLAGS='-h' lists the flags)
	$(GO) run ./cmd/bench $(BENCHFLAGS)

bench-quick: ## every benchmark scenario small on SQLite: fails on a broken invariant or statement count, never on timings
	$(GO) run ./cmd/bench --quick $(BENCHFLAGS)

clean: ## remove build outputs (not ./data)
	rm -rf $(BIN) $(FRONTEND)/dist/app
