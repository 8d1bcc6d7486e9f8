# gatewatch — see README.md. Two commands matter: `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
BIN := bin/gatewatch
STATICCHECK_VERSION := v0.8.2
GOBIN := $(shell $(GO) env GOPATH)/bin
# Packages whose tests need no root and no lab.
UNIT_PKGS = $(shell $(GO) list ./... | grep -v '/lab$$')

.PHONY: all build run check deps test fmt-check vet staticcheck unit lab-test cross-vet bench bench-scale lab-up lab-down clean e2e-tray

all: build

# Two binaries: gatewatch (tray, CLI; no GUI toolkit) and gatewatch-ui (the
# Fyne windows it starts as short-lived children), side by side.
build:
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN) .
	$(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(BIN)-ui ./cmd/gatewatch-ui

# Installs missing system packages (Debian), builds, and starts the tray,
# watching the sites of the config (default: chatgpt.com and a few popular
# sites). Outside a desktop session, use ./bin/gatewatch check.
run: deps build
	./$(BIN)

deps:
	@./scripts/install-deps.sh run

test: fmt-check vet staticcheck unit cross-vet lab-test e2e-tray

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

staticcheck:
	@test -x $(GOBIN)/staticcheck || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	$(GOBIN)/staticcheck ./...

unit:
	GATEWATCH_LAB_ONLY=1 $(GO) test -race -count=1 $(UNIT_PKGS)

# checks/ and monitor/ must build for the other desktops too.
cross-vet:
	CGO_ENABLED=0 GOOS=windows $(GO) vet ./checks/... ./monitor/...
	CGO_ENABLED=0 GOOS=darwin $(GO) vet ./checks/... ./monitor/...

# End-to-end: real servers in network namespaces (needs root; see lab/README.md).
lab-test:
	@log=$$(mktemp); rc=0; \
	GATEWATCH_LAB=required GATEWATCH_LAB_ONLY=1 $(GO) test -race -count=1 -v ./lab/ >$$log 2>&1 || rc=$$?; \
	grep -E '^(=== RUN|--- |PASS|FAIL|ok|panic)|verdict [a-z]+/' $$log; \
	if [ $$rc -ne 0 ]; then echo "---- lab test failed; last lines of its log:"; tail -n 200 $$log; fi; \
	rm -f $$log; exit $$rc

# End-to-end tray test in a private D-Bus session (packages: scripts/e2e-packages.txt).
# Not part of `make test` yet.
e2e-tray:
	./scripts/e2e-tray.sh

bench: build
	./lab/bench.sh ./$(BIN)

# The headless monitor against loopback servers for N = 10, 100, 1,000 sites
# at 30 s: RSS, CPU, goroutines, database growth. About 2 min per N;
# BENCH_SCALE_FLAGS="-n 1000 -measure 60s -hosts shared" and so on.
BENCH_SCALE_FLAGS ?=
bench-scale: build
	$(GO) run ./cmd/bench-scale -bin ./$(BIN) $(BENCH_SCALE_FLAGS)

lab-up:
	./lab/up.sh

lab-down:
	./lab/down.sh

clean:
	rm -rf bin
