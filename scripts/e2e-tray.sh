#!/usr/bin/env bash
# End-to-end test of the tray: a private D-Bus session with a real
# StatusNotifierWatcher, the built gatewatch binary watching loopback
# sites, and the test standing in for the notification daemon.
# Needs the packages in scripts/e2e-packages.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in dbus-run-session status-notifier-watcher; do
	command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install $(tr '\n' ' ' < scripts/e2e-packages.txt)" >&2; exit 1; }
done
exec dbus-run-session -- bash -c '
	status-notifier-watcher & watcher=$!
	trap "kill $watcher 2>/dev/null" EXIT
	sleep 0.5
	GATEWATCH_E2E=1 GATEWATCH_LAB_ONLY=1 go test -count=1 -run E2E -v ./app/tray/
'
