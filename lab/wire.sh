#!/usr/bin/env bash
# Shows what each fault looks like from the client, with plain tools (curl
# and labdig) and no gatewatch: the facts lab/README.md describes.
#
#   sudo lab/wire.sh [FAULT...]     (default: every fault; the lab must be up)
#
# It leaves the lab healthy.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

ns_exists "$NS_CLIENT" || die "the lab is not up: run lab/up.sh first"

# The URL each fault is about, and whether it is tried through the proxy.
declare -A URL=(
	[origin-502]=https://origin.gw.test/ [origin-504]=https://origin.gw.test/
	[origin-503]=https://origin.gw.test/ [origin-refused]=https://origin.gw.test/
)

client() { in_ns "$NS_CLIENT" "$@"; }

# fetch LABEL URL [ENV...]: one curl, its status, timings, headers that tell
# who answered, the page title, and curl's own error.
fetch() {
	local label=$1 url=$2 out
	shift 2
	out=$(client env "$@" curl -sS -o "$RUN/wire-body" -D "$RUN/wire-headers" --max-time 5 \
		-w 'status=%{http_code} connect=%{http_connect} time=%{time_total}s redirect=%{redirect_url}' \
		"$url" 2>&1 | tr '\n' ' ') || true
	local who title
	who=$(grep -iE '^(server|cf-ray|via|retry-after|location|proxy-agent):' "$RUN/wire-headers" 2>/dev/null |
		tr -d '\r' | tr '\n' ' ' || true)
	title=$(grep -o '<title>[^<]*</title>' "$RUN/wire-body" 2>/dev/null | head -1 || true)
	printf '  %-22s %s\n' "$label" "$out"
	[[ -n $who ]] && printf '  %-22s %s\n' "" "$who"
	[[ -n $title ]] && printf '  %-22s %s\n' "" "$title"
	rm -f "$RUN/wire-body" "$RUN/wire-headers"
}

# tcp_connect HOST PORT: does a TCP handshake complete within 2 s?
tcp_connect() {
	local start end err
	start=$(date +%s%N)
	if err=$(client timeout 2 bash -c "exec 3<>/dev/tcp/$1/$2" 2>&1); then
		end=$(date +%s%N)
		echo "connected in $(((end - start) / 1000000))ms"
	else
		end=$(date +%s%N)
		echo "failed after $(((end - start) / 1000000))ms ${err##*: }"
	fi
}

observe() {
	local fault=$1 proxy=()
	echo "== $fault"
	"$LAB/fault.sh" "$fault" 2>/dev/null
	[[ $fault == proxy-* ]] && proxy=(http_proxy="$PROXY_URL" https_proxy="$PROXY_URL")
	printf '  %-22s %s\n' "link" "$(client ip -br link show eth0 | tr -s ' ')"
	printf '  %-22s %s\n' "route to 203.0.113.10" "$(client ip route get 203.0.113.10 2>&1 | head -1)"
	printf '  %-22s %s\n' "dns (system)" "$(client "$RUN/bin/labdig" shop.gw.test 2>&1)"
	printf '  %-22s %s\n' "dns (reference)" "$(client "$RUN/bin/labdig" -server 203.0.113.53 shop.gw.test 2>&1)"
	printf '  %-22s %s\n' "router tcp/53" "$(tcp_connect 192.0.2.1 53)"
	fetch "canary" "http://203.0.113.30/generate_204"
	fetch "shop.gw.test" "https://shop.gw.test/" "${proxy[@]}"
	if [[ -n ${URL[$fault]:-} ]]; then
		fetch "${URL[$fault]#https://}" "${URL[$fault]}"
	fi
	if [[ $fault == proxy-* ]]; then
		fetch "http via proxy" "http://shop.gw.test/" "${proxy[@]}"
	fi
}

faults=("$@")
if [[ ${#faults[@]} -eq 0 ]]; then
	mapfile -t faults < <("$LAB/fault.sh" list)
fi
for f in "${faults[@]}"; do
	observe "$f"
	if [[ $f == healthy ]]; then
		echo "== healthy: the always-broken sites"
		fetch "expired.gw.test" "https://expired.gw.test/"
		fetch "wrongname.gw.test" "https://wrongname.gw.test/"
		printf '  %-22s %s\n' "gone.gw.test" "$(client "$RUN/bin/labdig" gone.gw.test 2>&1)"
		printf '  %-22s %s\n' "" "$(client "$RUN/bin/labdig" -server 203.0.113.53 gone.gw.test 2>&1)"
	fi
done
"$LAB/fault.sh" clear 2>/dev/null
