#!/usr/bin/env bash
# For each lab fault: how long a plain request takes to fail (curl, the
# baseline: what the user waits for anyway) against how long gatewatch takes
# to say why. Median of a few runs each; same timeout, same proxy settings.
#
#   sudo lab/bench.sh bin/gatewatch [RUNS]     (make bench)
#
# Brings the lab up if it is not, and down again if it did.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[[ $# -ge 1 ]] || die "usage: $0 GATEWATCH_BINARY [RUNS]"
GW=$(realpath "$1")
RUNS=${2:-3}
TIMEOUT=5
[[ -x $GW ]] || die "$GW is not an executable"
[[ $(id -u) -eq 0 ]] || die "needs root (network namespaces)"

# name fault url proxy(0/1) — the cases of lab_test.go.
CASES=(
	"healthy healthy https://shop.gw.test 0"
	"link-down link-down https://shop.gw.test 0"
	"router-unreachable router-unreachable https://shop.gw.test 0"
	"isp-down isp-down https://shop.gw.test 0"
	"dns-down dns-down https://shop.gw.test 0"
	"dns-hijack dns-hijack https://shop.gw.test 0"
	"gone healthy https://gone.gw.test 0"
	"vpn-blackhole vpn-blackhole https://shop.gw.test 0"
	"proxy-down proxy-down https://shop.gw.test 1"
	"proxy-502 proxy-502 https://shop.gw.test 1"
	"captive captive https://shop.gw.test 0"
	"origin-502 origin-502 https://origin.gw.test 0"
	"origin-502-via-cdn origin-502 https://shop.gw.test 0"
	"origin-504 origin-504 https://origin.gw.test 0"
	"origin-503 origin-503 https://origin.gw.test 0"
	"origin-refused origin-refused https://origin.gw.test 0"
	"cdn-502 cdn-502 https://shop.gw.test 0"
	"expired healthy https://expired.gw.test 0"
	"wrongname healthy https://wrongname.gw.test 0"
	"loss30 loss30 https://shop.gw.test 0"
)

started_lab=0
if ! ns_exists "$NS_CLIENT"; then
	"$LAB/up.sh"
	started_lab=1
fi
finish() {
	"$LAB/fault.sh" clear >/dev/null 2>&1 || true
	if [[ $started_lab == 1 ]]; then
		"$LAB/down.sh" >/dev/null 2>&1 || true
	fi
}
trap finish EXIT
trap 'exit 130' INT TERM

# client_env PROXY: a clean environment for the client namespace.
client_env() {
	local e=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/nonexistent
		SSL_CERT_FILE="$CA" GATEWATCH_LAB_ONLY=lab)
	if [[ $1 == 1 ]]; then
		e+=(HTTPS_PROXY="$PROXY_URL" HTTP_PROXY="$PROXY_URL" https_proxy="$PROXY_URL" http_proxy="$PROXY_URL")
	fi
	printf '%s\0' "${e[@]}"
}

# wall_ms COMMAND...: run it (any exit status) and print its wall time.
wall_ms() {
	local start end
	start=$(date +%s%N)
	"$@" >/dev/null 2>&1 || true
	end=$(date +%s%N)
	echo $(((end - start) / 1000000))
}

median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

printf '%-20s %12s %13s %7s\n' fault baseline_ms gatewatch_ms ratio
for c in "${CASES[@]}"; do
	read -r name fault url proxy <<<"$c"
	"$LAB/fault.sh" "$fault" >/dev/null 2>&1
	mapfile -d '' -t envv < <(client_env "$proxy")
	base=() gw=()
	for ((i = 0; i < RUNS; i++)); do
		base+=("$(wall_ms in_ns "$NS_CLIENT" "${envv[@]}" curl -s -o /dev/null --max-time "$TIMEOUT" "$url")")
		gw+=("$(wall_ms in_ns "$NS_CLIENT" "${envv[@]}" "$GW" check --json \
			--config "$LAB/gatewatch-lab.toml" --canary http://203.0.113.30/generate_204 \
			--resolver 203.0.113.53 --timeout "${TIMEOUT}s" "$url")")
	done
	b=$(median "${base[@]}")
	g=$(median "${gw[@]}")
	printf '%-20s %12s %13s %7s\n' "$name" "$b" "$g" "$(awk -v b="$b" -v g="$g" 'BEGIN { printf "%.1f", g / (b > 0 ? b : 1) }')"
done
