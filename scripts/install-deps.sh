#!/usr/bin/env bash
# Installs the Debian packages gatewatch needs, only those missing.
#   install-deps.sh run    what building and running needs (incl. the Fyne
#                          windows' cgo libraries, scripts/fyne-packages.txt)
#   install-deps.sh test   plus the network lab's servers and the tray test's D-Bus tools
#   install-deps.sh shots  plus what `make screenshots` needs (scripts/shots-packages.txt)
set -euo pipefail
mode=${1:-run}
here=$(cd "$(dirname "$0")/.." && pwd)

want=(gcc pkg-config git ca-certificates)
mapfile -t fyne < <(grep -Ev '^\s*(#|$)' "$here/scripts/fyne-packages.txt")
want+=("${fyne[@]}")
if [[ $mode == shots ]]; then
	mapfile -t shots < <(grep -Ev '^\s*(#|$)' "$here/scripts/shots-packages.txt")
	want+=("${shots[@]}")
	mode=test
fi
if [[ $mode == test ]]; then
	mapfile -t lab < <(grep -Ev '^\s*(#|$)' "$here/lab/packages.txt" "$here/scripts/e2e-packages.txt" "$here/scripts/package-packages.txt" | sed 's/^[^:]*://')
	want+=("${lab[@]}")
fi

missing=()
for p in "${want[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

sudo=()
[[ $(id -u) -eq 0 ]] || sudo=(sudo)
echo "installing: ${missing[*]}"
# Servers such as nginx and dnsmasq must not start as system services when
# installed: the lab starts its own copies with their own configs.
guard=""
if [[ $mode == test && ! -e /usr/sbin/policy-rc.d ]]; then
	printf '#!/bin/sh\nexit 101\n' | "${sudo[@]}" tee /usr/sbin/policy-rc.d >/dev/null
	"${sudo[@]}" chmod +x /usr/sbin/policy-rc.d
	guard=/usr/sbin/policy-rc.d
fi
trap '[[ -n $guard ]] && "${sudo[@]}" rm -f "$guard"' EXIT
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
