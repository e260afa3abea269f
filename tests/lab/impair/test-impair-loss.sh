#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# ptpdk-impair's loss, duplication and reordering on gm1's link, seen by 200
# pings (20 ms apart) from peer to gm1. Bands are +-5 binomial standard
# deviations, wide enough never to fail by chance:
#  - loss=30%,seed=1 (both ways): a probe survives with 0.7^2, lost p = 0.51
#  - down:loss=30%,seed=1 (replies only): lost p = 0.30
#  - down:dup=100%: every reply arrives twice
#  - up:reorder=20%: some requests are held behind the next one, so replies
#    come back out of sequence; the forwarder counts the held frames
# shellcheck disable=SC2119,SC2317  # helpers are called through check()
set -u
# shellcheck source=tests/lab/lab/lab-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lab/lab-common.sh"
need_ping
lab_init
need_impair
lab_up
lab_static_neigh

N=200

# band P -> "lo hi" for the number of lost probes out of N
band() {
	awk -v n="$N" -v p="$1" 'BEGIN {
		m = n * p; s = sqrt(n * p * (1 - p));
		lo = int(m - 5 * s); if (lo < 0) lo = 0;
		hi = int(m + 5 * s + 0.999); if (hi > n) hi = n;
		print lo, hi }'
}

loss_case() {
	# loss_case SPEC P
	local spec=$1 p=$2 recv lost lo hi
	lab impair "$spec" 2>/dev/null || fatal "impair $spec failed"
	lab_ping "$LAB_TMP/loss" "$N" "$LAB_GM1_IP4"
	recv=$(ping_received "$LAB_TMP/loss")
	[ -n "$recv" ] || fatal "no ping summary for $spec: $(tail -n 3 "$LAB_TMP/loss")"
	lost=$((N - recv))
	read -r lo hi < <(band "$p")
	log "$spec: $lost of $N probes lost (expected $(awk -v n=$N -v p="$p" 'BEGIN{print n*p}'), band $lo..$hi)"
	check "$spec: loss within the binomial band" test "$lost" -ge "$lo" -a "$lost" -le "$hi"
	lab impair stats 2>/dev/null | sed 's/^/    /'
}

loss_case 'loss=30%,seed=1' 0.51
loss_case 'down:loss=30%,seed=1' 0.30

# Duplication: every reply twice.
lab impair 'down:dup=100%' 2>/dev/null || fatal "impair down:dup=100% failed"
lab_ping "$LAB_TMP/dup" "$N" "$LAB_GM1_IP4"
recv=$(ping_received "$LAB_TMP/dup")
dups=$(ping_dups "$LAB_TMP/dup")
log "down:dup=100%: $recv replies, $dups duplicates"
check "dup=100%: all probes answered" test "${recv:-0}" -eq "$N"
# The last reply's copy may come after ping stopped listening.
check "dup=100%: (almost) every reply duplicated" test "$dups" -ge $((N - 2))

# Reordering: requests held behind the next request.
lab impair 'up:reorder=20%,seed=5' 2>/dev/null || fatal "impair up:reorder=20% failed"
lab_ping "$LAB_TMP/reorder" "$N" "$LAB_GM1_IP4"
recv=$(ping_received "$LAB_TMP/reorder")
ooo=$(grep -v 'DUP!' "$LAB_TMP/reorder" | sed -n 's/.*icmp_seq=\([0-9]*\) .*/\1/p' |
	awk 'NR > 1 && $1 < last {n++} {last = $1} END {print n + 0}')
stats=$(lab impair stats 2>/dev/null)
reord=$(sed -n 's/.*stats(now) up .* reord=\([0-9]*\) .*/\1/p' <<<"$stats")
# A held frame is released by the next one, which is never held itself: the
# held fraction is p / (1 + p) = 1/6 for p = 20 %.
read -r lo hi < <(band 0.1667)
log "up:reorder=20%: $recv replies, $ooo out of sequence, forwarder held $reord frames (band $lo..$hi)"
check "reorder: all probes answered" test "${recv:-0}" -eq "$N"
check "reorder: replies arrive out of sequence" test "$ooo" -ge 1
check "reorder: held-frame count within the band" test "${reord:-0}" -ge "$lo" -a "${reord:-0}" -le "$hi"

lab_done
