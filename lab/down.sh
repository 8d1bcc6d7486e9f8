#!/usr/bin/env bash
# Tears the lab down: stops every server by its pid file, ends whatever else
# still runs inside the lab's namespaces, deletes the namespaces and
# /etc/netns/<prefix>-*. Safe to run twice and after a failed up.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[[ $(id -u) -eq 0 ]] || die "needs root (network namespaces)"

if [[ -d $RUN ]]; then
	while IFS= read -r -d '' pidfile; do
		stop_pidfile "$pidfile"
	done < <(find "$RUN" -name '*.pid' -print0)
fi

# Anything left in a lab namespace (a helper whose pid file was lost)
# was started by the lab: end it by its PID.
for ns in "${NAMESPACES[@]}"; do
	ns_exists "$ns" || continue
	pids=$(ip netns pids "$ns" 2>/dev/null || true)
	for sig in TERM KILL; do
		[[ -n $pids ]] || break
		# shellcheck disable=SC2086
		kill -"$sig" $pids 2>/dev/null || true
		for ((i = 0; i < 20; i++)); do
			pids=$(ip netns pids "$ns" 2>/dev/null || true)
			[[ -n $pids ]] || break
			# Zombies (nobody reaps here) no longer hold sockets: stopped.
			alive=""
			for p in $pids; do
				state=$(sed 's/^.*) //' "/proc/$p/stat" 2>/dev/null | cut -d' ' -f1)
				[[ -n $state && $state != Z ]] && alive+=" $p"
			done
			pids=$alive
			[[ -n $pids ]] || break
			sleep 0.05
		done
	done
	ip netns del "$ns" 2>/dev/null || true
done

for ns in "${NAMESPACES[@]}"; do
	rm -rf "/etc/netns/${ns:?}"
done
rm -f "$RUN/fault"
log "lab down"
