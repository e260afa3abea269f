#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# ptpdk-impair's delay on gm1's link, measured with ping from peer to gm1
# (peer -> switch -> impairment bridge -> gm1 and back):
#  - delay=2ms (both ways): every RTT >= 4 ms - slack, median not far above;
#  - down:delay=3ms (gm1 -> DUT side only): RTT >= 3 ms - slack, < 4 ms + base;
#  - impair off: back to the baseline.
# Also: `scripts/lab up --impair SPEC` starts with the impairment in place.
# shellcheck disable=SC2119,SC2317  # helpers are called through check()
set -u
# shellcheck source=tests/lab/lab/lab-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lab/lab-common.sh"
need_ping
lab_init
need_impair
lab_up --impair 'delay=2ms,seed=3'
check "up --impair started the forwarder" bash -c "'$LAB' --prefix '$LAB_PREFIX' impair | grep -qx 'delay=2ms,seed=3'"
lab_static_neigh

SLACK_MS=0.2   # frames never leave early; this only absorbs rounding
N=50

measure() {
	# measure NAME: sets RTT_MIN RTT_MED RTT_MAX RECV
	lab_ping "$LAB_TMP/$1" "$N" "$LAB_GM1_IP4"
	RECV=$(ping_received "$LAB_TMP/$1")
	RTT_MIN=$(ping_rtts "$LAB_TMP/$1" | stat_of MIN)
	RTT_MED=$(ping_rtts "$LAB_TMP/$1" | stat_of MEDIAN)
	RTT_MAX=$(ping_rtts "$LAB_TMP/$1" | stat_of MAX)
	log "$1: $RECV/$N replies, RTT min/median/max = $RTT_MIN/$RTT_MED/$RTT_MAX ms"
}

measure delay2ms
check "delay=2ms: all probes answered" test "${RECV:-0}" -eq "$N"
check "delay=2ms: min RTT >= 2 x 2 ms - ${SLACK_MS} ms" fcmp "$RTT_MIN" '>=' "$(awk -v s="$SLACK_MS" 'BEGIN{print 4 - s}')"
check "delay=2ms: median RTT <= 4 ms + 20 ms (sanity)" fcmp "$RTT_MED" '<=' 24

lab impair off 2>/dev/null || fatal "impair off failed"
measure baseline
BASE_MED=$RTT_MED
check "off: all probes answered" test "${RECV:-0}" -eq "$N"
check "off: median RTT < 2 ms" fcmp "$RTT_MED" '<' 2
log "added RTT by delay=2ms (median): $(awk -v a="$BASE_MED" -v b="$(ping_rtts "$LAB_TMP/delay2ms" | stat_of MEDIAN)" 'BEGIN{printf "%.3f ms", b - a}')"

lab impair 'down:delay=3ms' 2>/dev/null || fatal "impair down:delay=3ms failed"
measure down3ms
check "down:delay=3ms: all probes answered" test "${RECV:-0}" -eq "$N"
check "down:delay=3ms: min RTT >= 3 ms - ${SLACK_MS} ms" fcmp "$RTT_MIN" '>=' "$(awk -v s="$SLACK_MS" 'BEGIN{print 3 - s}')"
check "down:delay=3ms: median RTT < 3 ms + 1 ms + baseline (up is not delayed)" \
	fcmp "$RTT_MED" '<' "$(awk -v b="$BASE_MED" 'BEGIN{print 4 + b}')"

stats=$(lab impair stats 2>/dev/null)
printf '%s\n' "$stats" | sed 's/^/    /'
check "stats: the up direction forwarded the requests" bash -c "grep -Eq 'stats\\(now\\) up .* fwd=([5-9][0-9]|[1-9][0-9]{2,})' <<<\"\$0\"" "$stats"
check "stats: nothing lost or dropped" bash -c "! grep -Eq '(lost|qdrop|txerr)=[1-9]' <<<\"\$0\"" "$stats"

lab_done
