# gatewatch — see README.md. Two commands matter: `make run` and `make test`.
SHELL := /bin/bash
GO ?= go
# The version is FyneApp.toml's (one place to bump it), stamped into both
# binaries: `gatewatch --version` prints what the packages say.
VERSION := $(shell sed -n 's/^Version *= *"\([^"]*\)".*/\1/p' FyneApp.toml)
APP_ID := $(shell sed -n 's/^ID *= *"\([^"]*\)".*/\1/p' FyneApp.toml)
LDFLAGS := -X main.version=$(VERSION)
BIN := bin/gatewatch
STATICCHECK_VERSION := v0.8.2
# Lazy (=): `make install`/`uninstall` run no go command, which would write
# its telemetry counters under the HOME being installed into.
GOBIN = $(shell $(GO) env GOPATH)/bin
# The Fyne windows. Only their desktop driver (GLFW, C code: minutes to
# compile) needs cgo, so vet, staticcheck and their tests use the !cgo build
# (window_nocgo.go; Fyne's test driver needs no cgo), and the one Linux cgo
# build of Fyne is the real gatewatch-ui (make build, package), which
# type-checks window.go. -race needs cgo: their tests run without it.
UI_PKGS := ./app/ui/ ./cmd/gatewatch-ui/ ./app/benchbase/
# Every other package (the tray, the CLI and the monitor never link Fyne),
# as a shell command, so that the step's command line stays short.
GO_PKGS = $$($(GO) list ./... | grep -v -e /app/ui$$ -e /cmd/gatewatch-ui$$ -e /app/benchbase$$)
# Packages whose tests need no root and no lab (app/ui: see unit).
UNIT_PKGS = $$($(GO) list ./... | grep -v -e /lab$$ -e /app/ui$$ -e /cmd/gatewatch-ui$$ -e /app/benchbase$$)

.PHONY: all build run check deps test fmt-check vet staticcheck unit lab-test cross-vet bench bench-idle bench-scale bench-first screenshots lab-up lab-down clean e2e-tray mutation

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

# Two phases. First the compile-only checks and the builds, two at a time
# (2 cores: GLFW's C code is one long single-threaded compile, which leaves
# the other core to a Go build); each step's output is printed whole when it
# ends. The Windows build works on a copy of the sources, so it shares
# nothing with the Linux ones. Then the tests, one after another and alone,
# as their timings expect.
test: fmt-check
	@$(MAKE) --no-print-directory -j2 --output-sync=target package package-windows vet staticcheck cross-vet
	@$(MAKE) --no-print-directory unit lab-test e2e-tray package-test windows-test

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet $(GO_PKGS)
	CGO_ENABLED=0 $(GO) vet $(UI_PKGS)

# Without cgo: with it, loading app/ui would compile GLFW once more.
staticcheck:
	@test -x $(GOBIN)/staticcheck || $(GO) install honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION)
	CGO_ENABLED=0 $(GOBIN)/staticcheck ./...

# GATEWATCH_LAB_ONLY=1: loopback only (README, "The network lab").
unit:
	GATEWATCH_LAB_ONLY=1 $(GO) test -race -count=1 $(UNIT_PKGS)
	GATEWATCH_LAB_ONLY=1 CGO_ENABLED=0 $(GO) test -count=1 $(UI_PKGS)

# checks/ and monitor/ must build for the other desktops too.
cross-vet:
	CGO_ENABLED=0 GOOS=windows $(GO) vet ./checks/... ./monitor/...
	CGO_ENABLED=0 GOOS=darwin $(GO) vet ./checks/... ./monitor/...
	CGO_ENABLED=0 GOOS=windows $(GO) vet ./app/autostart/ .
	CGO_ENABLED=0 GOOS=darwin $(GO) vet ./app/autostart/

# End-to-end: real servers in network namespaces (needs root; see lab/README.md).
lab-test:
	@log=$$(mktemp); rc=0; \
	GATEWATCH_LAB=required GATEWATCH_LAB_ONLY=lab $(GO) test -race -count=1 -v ./lab/ >$$log 2>&1 || rc=$$?; \
	grep -E '^(=== RUN|--- |PASS|FAIL|ok|panic)|verdict [a-z]+/' $$log; \
	if [ $$rc -ne 0 ]; then echo "---- lab test failed; last lines of its log:"; tail -n 200 $$log; fi; \
	rm -f $$log; exit $$rc

# End-to-end tray test in a private D-Bus session (packages: scripts/e2e-packages.txt).
# Not part of `make test` yet.
e2e-tray:
	./scripts/e2e-tray.sh

# Mutation testing of the verdict rule table (15-45 minutes; not part
# of make test): swaps, negations, drops and flipped operators, each run
# against monitor/verdict's tests. See README.md, "Mutation testing".
mutation:
	$(GO) run ./monitor/verdict/internal/mutate

bench: build
	./lab/bench.sh ./$(BIN)

# The resident's idle cost next to a bare Fyne tray app (5 minutes; set
# BENCH_IDLE_SECONDS to change). Needs: ./scripts/install-deps.sh test
bench-idle:
	./scripts/bench-idle.sh

# Photographs the tray menu, a notification and the diagnosis window on a
# virtual desktop into docs/. Needs: ./scripts/install-deps.sh shots
screenshots:
	./scripts/screenshots.sh
# The headless monitor against loopback servers for N = 10, 100, 1,000 sites
# at 30 s: RSS, CPU, goroutines, database growth, beside the floor (a bare
# Go client) and, with GATUS=path/to/gatus, Gatus. About 2 min per N;
# BENCH_SCALE_FLAGS="-n 1000 -measure 60s -hosts shared -profiles DIR" and so on.
BENCH_SCALE_FLAGS ?=
GATUS ?=
bench-scale: build
	$(GO) run ./cmd/bench-scale -bin ./$(BIN) $(if $(GATUS),-gatus $(GATUS)) $(BENCH_SCALE_FLAGS)

# What `gatewatch check` adds to a fast failure (loopback 502) over curl.
bench-first: build
	$(GO) run ./cmd/bench-first -bin ./$(BIN)

lab-up:
	./lab/up.sh

lab-down:
	./lab/down.sh

# Linux package: `fyne package` (fyne.io/tools) makes the archive with the
# .desktop file and icon; scripts/package.sh adds gatewatch-ui and the
# archive's Makefile (user-install, install, …). On a Mac, package-darwin
# makes bin/gatewatch-VERSION-macos.zip (gatewatch.app).
.PHONY: package package-darwin install uninstall windows package-test package-windows windows-test
FYNE_TOOLS_VERSION := v1.7.4
FYNE = $(GOBIN)/fyne
PKG = bin/gatewatch-$(VERSION)-linux-$(shell $(GO) env GOARCH).tar.xz
PREFIX ?= $(HOME)/.local

# The fyne tool only assembles packages here (scripts/package.sh hands it a
# built program), so it is built without cgo: a third cgo build of Fyne
# (the tool needs a newer one) would add minutes to a cold CI run.
package:
	@test -x $(FYNE) || CGO_ENABLED=0 $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION)
	GO=$(GO) FYNE=$(FYNE) LDFLAGS="$(LDFLAGS)" ./scripts/package.sh linux $(PKG)
	@# The bench baseline's cgo build, with the flags above: Fyne is compiled already.
	$(GO) build -trimpath -ldflags "-s -w" -o /dev/null ./app/benchbase

package-darwin:
	@test -x $(FYNE) || CGO_ENABLED=0 $(GO) install fyne.io/tools/cmd/fyne@$(FYNE_TOOLS_VERSION)
	GO=$(GO) FYNE=$(FYNE) LDFLAGS="$(LDFLAGS)" ./scripts/package.sh darwin bin/gatewatch-$(VERSION)-macos.zip

# For the current user, no root: binaries in $(PREFIX)/bin, the menu entry
# and the icon in $(PREFIX)/share, from the archive `make package` makes
# (or ARCHIVE=FILE, an archive made before).
install: $(if $(ARCHIVE),,package)
	@rm -rf bin/unpacked && mkdir -p bin/unpacked && tar -xJf "$(or $(ARCHIVE),$(PKG))" -C bin/unpacked
	$(MAKE) -C bin/unpacked/gatewatch user-install PREFIX="$(PREFIX)"

uninstall:
	$(MAKE) -f scripts/archive.mk user-uninstall APP_ID=$(APP_ID) PREFIX="$(PREFIX)"

# The archive holds what its .desktop file names; install into a temporary
# HOME, then uninstall, leaves nothing behind.
package-test: package
	./scripts/package-test.sh $(PKG)

# Windows, cross-built with MinGW-w64 (scripts/package-packages.txt), icon
# and version in the .exe: bin/windows/gatewatch.exe and gatewatch-ui.exe.
windows:
	GO=$(GO) LDFLAGS="$(LDFLAGS)" ./scripts/build-windows.sh bin/windows

# bin/gatewatch-VERSION-windows-amd64.zip: the three executables and a
# README.txt (install, folders, uninstall), in a gatewatch-VERSION folder.
WIN_ZIP = bin/gatewatch-$(VERSION)-windows-amd64.zip
package-windows: windows
	@rm -rf bin/zip && mkdir -p bin/zip/gatewatch-$(VERSION)
	cp bin/windows/gatewatch.exe bin/windows/gatewatch-cli.exe bin/windows/gatewatch-ui.exe bin/zip/gatewatch-$(VERSION)/
	sed 's/VERSION/$(VERSION)/; s/$$/\r/' scripts/windows-README.txt >bin/zip/gatewatch-$(VERSION)/README.txt
	rm -f $(WIN_ZIP) && cd bin/zip && zip -q -X -r ../$(notdir $(WIN_ZIP)) gatewatch-$(VERSION)
	@unzip -l $(WIN_ZIP)

# The Windows build under Wine and Xvfb (scripts/windows-test.sh): skips
# only outside CI when wine cannot be installed.
windows-test:
	GO=$(GO) LDFLAGS="$(LDFLAGS)" ./scripts/windows-test.sh

clean:
	rm -rf bin
