#!/usr/bin/env bash
# Runs the Windows build under Wine (Debian's wine64 8.0) with Xvfb:
# gatewatch.exe and gatewatch-cli.exe --version, check --json against
# loopback servers, the resident tray for a minute with a loopback-only
# config (internal/wintest, build tag wine), and app/control's named-pipe
# tests as a Windows test binary. Every probe is loopback-only
# (GATEWATCH_LAB_ONLY=1, set by the tests).
#
# Without wine it installs it (root, apt); if that is impossible it skips
# with a message, except under CI=true, where a skip is a failure.
#
# Wine 8.0 lacks ProcessPrng (bcryptprimitives.dll), which every Go >= 1.22
# program calls at start: a stand-in built here from scripts/wine/ with
# MinGW goes into the test's own Wine prefix, never into the repository.
#
# Environment: GO (go), LDFLAGS (from the Makefile), GATEWATCH_WINE_RESIDENT
# (how long the tray runs, default 60s).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
GO=${GO:-go}
LDFLAGS=${LDFLAGS:?LDFLAGS must carry -X main.version=…}
CC=${CC:-x86_64-w64-mingw32-gcc}

skip() {
	if [[ ${CI:-} == true ]]; then
		echo "windows-test: FAIL: $1 (CI=true: the Wine checks must run)" >&2
		exit 1
	fi
	echo "windows-test: SKIPPED: $1" >&2
	exit 0
}

if ! command -v wine >/dev/null; then
	if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
		start=$SECONDS
		echo "windows-test: installing wine64 (apt)"
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine64 >/dev/null 2>&1 ||
			{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends wine64 >/dev/null; } ||
			skip "wine64 cannot be installed"
		echo "windows-test: wine64 installed in $((SECONDS - start)) s"
	else
		skip "wine is not installed (apt-get install wine64, as root)"
	fi
fi
command -v "$CC" >/dev/null || skip "$CC not found (apt-get install gcc-mingw-w64-x86-64)"
command -v Xvfb >/dev/null || skip "Xvfb not found (apt-get install xvfb)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gatewatch-wine.XXXXXX")
xvfb=""
cleanup() {
	WINEPREFIX=$tmp/prefix wineserver -k 2>/dev/null || true
	[[ -n $xvfb ]] && kill "$xvfb" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT

# The two programs (no gatewatch-ui.exe: Fyne's cgo build takes minutes,
# and make windows builds it already).
GATEWATCH_NO_UI=1 GO=$GO LDFLAGS=$LDFLAGS "$here/scripts/build-windows.sh" "$tmp/bin"
CGO_ENABLED=0 GOOS=windows GOARCH=amd64 "$GO" test -c -o "$tmp/bin/control.test.exe" "$here/app/control"
CGO_ENABLED=0 GOOS=windows GOARCH=amd64 "$GO" test -c -o "$tmp/bin/checks.test.exe" "$here/checks"

export WINEPREFIX=$tmp/prefix WINEDEBUG=-all WINEARCH=win64
# bcryptprimitives: ours (native); mscoree, mshtml: no Mono/Gecko prompts.
export WINEDLLOVERRIDES="bcryptprimitives=n;mscoree,mshtml="
start=$SECONDS
wineboot -i >/dev/null 2>&1
wineserver -w
echo "windows-test: Wine prefix ready in $((SECONDS - start)) s ($(wine --version))"
"$CC" -shared -O2 -o "$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll" \
	"$here/scripts/wine/bcryptprimitives.c" "$here/scripts/wine/bcryptprimitives.def" -lbcrypt

# A private X display for the tray (Wine's system tray lives on it).
for n in $(seq 90 120); do
	[[ -e /tmp/.X11-unix/X$n || -e /tmp/.X$n-lock ]] && continue
	Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
	xvfb=$!
	export DISPLAY=:$n
	break
done
[[ -n $xvfb ]] || { echo "windows-test: no free X display number" >&2; exit 1; }
sleep 1

echo "windows-test: app/control's named pipe (Windows test binary)"
wine "$tmp/bin/control.test.exe" -test.count=1 -test.v 2>&1 | grep -E '^(=== RUN|--- |PASS|FAIL|ok|panic|\s+\S+_test.go)' || true
wine "$tmp/bin/control.test.exe" -test.count=1 >/dev/null 2>&1 || { echo "windows-test: app/control failed under Wine" >&2; exit 1; }

# Only the Windows-specific lookups of checks/: the rest of its tests are
# Linux's and the lab's.
echo "windows-test: checks' egress lookup (GetBestInterfaceEx)"
wine "$tmp/bin/checks.test.exe" -test.count=1 -test.v -test.run '^TestEgressByIndex$' 2>&1 | grep -E '^(--- |PASS|FAIL|\s+\S+_test.go)' ||
	{ echo "windows-test: checks failed under Wine" >&2; exit 1; }
wine "$tmp/bin/checks.test.exe" -test.count=1 -test.run '^TestEgressByIndex$' >/dev/null 2>&1 || { echo "windows-test: checks failed under Wine" >&2; exit 1; }

echo "windows-test: the programs (internal/wintest)"
GATEWATCH_WINE_BIN=$tmp/bin "$GO" test -tags wine -count=1 -v "$here/internal/wintest/"
