# SPDX-License-Identifier: BSD-3-Clause
# Sourced by the lab tests (tests/lab/lab, tests/lab/impair). Each test makes its
# own lab with a unique prefix and removes it on exit, also on failure or when
# meson's timeout sends SIGTERM. Exit 77 = skipped (not root, no `ip netns`).
# shellcheck shell=bash

LAB_TEST=$(basename "$0" .sh)
LAB_REPO=${PTPDK_REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}
LAB="$LAB_REPO/scripts/lab"
LAB_FAILS=0
LAB_BG_PIDS=()
LAB_TMP=""
LAB_PREFIX=""

log() { printf '%s: %s\n' "$LAB_TEST" "$*"; }
skip() {
	log "SKIP: $*"
	exit 77
}
fatal() {
	log "FAIL: $*"
	exit 1
}
check() {
	# check DESCRIPTION CMD...: a soft assertion, counted.
	local what=$1
	shift
	if "$@"; then
		log "ok: $what"
	else
		log "FAIL: $what"
		LAB_FAILS=$((LAB_FAILS + 1))
	fi
}

lab_cleanup() {
	local rc=$? p
	trap - EXIT INT TERM
	for p in "${LAB_BG_PIDS[@]+"${LAB_BG_PIDS[@]}"}"; do
		kill "$p" 2>/dev/null
	done
	if [ -n "$LAB_PREFIX" ]; then
		if [ $rc -ne 0 ] && [ $rc -ne 77 ] && [ -d "/run/ptpdk-lab/$LAB_PREFIX" ]; then
			log "state of lab $LAB_PREFIX at failure:"
			"$LAB" --prefix "$LAB_PREFIX" status 2>&1 | sed 's/^/    /'
			for f in /run/ptpdk-lab/"$LAB_PREFIX"/*.log; do
				[ -f "$f" ] || continue
				log "--- tail of $f"
				tail -n 15 "$f" | sed 's/^/    /'
			done
		fi
		"$LAB" --prefix "$LAB_PREFIX" down >/dev/null 2>&1 ||
			log "warning: scripts/lab down failed for $LAB_PREFIX"
	fi
	[ -n "$LAB_TMP" ] && rm -rf "$LAB_TMP"
	exit $rc
}

# lab_init: skips unless root with working `ip netns`; picks the prefix,
# installs the clean-up traps and a scratch directory.
lab_init() {
	[ "$(id -u)" -eq 0 ] || skip "needs root (network namespaces)"
	command -v ip >/dev/null 2>&1 || skip "iproute2 (ip) is missing"
	[ -x "$LAB" ] || fatal "scripts/lab not found at $LAB"
	# tlab + pid: at most 11 characters, so "<prefix>-dut" fits IFNAMSIZ.
	LAB_PREFIX="tlab$$"
	LAB_PREFIX=${LAB_PREFIX:0:11}
	local probe="$LAB_PREFIX-probe"
	if ! ip netns add "$probe" 2>/dev/null; then
		LAB_PREFIX=""
		skip "ip netns is not usable here"
	fi
	ip netns del "$probe"
	trap lab_cleanup EXIT
	trap 'exit 143' TERM
	trap 'exit 130' INT
	LAB_TMP=$(mktemp -d "/tmp/$LAB_TEST.XXXXXX")
}

# lab CMD...: scripts/lab on this test's lab.
lab() {
	"$LAB" --prefix "$LAB_PREFIX" "$@"
}

lab_up() {
	local out
	out=$(lab up "$@") || fatal "scripts/lab up $* failed"
	[ "$out" = "$LAB_PREFIX-dut" ] || fatal "scripts/lab up printed '$out', expected '$LAB_PREFIX-dut'"
	eval "$(lab env)"
	[ "$LAB_UP" = 1 ] || fatal "scripts/lab env says the lab is not up"
}

lab_done() {
	if [ "$LAB_FAILS" -gt 0 ]; then
		log "$LAB_FAILS check(s) failed"
		exit 1
	fi
	log "all checks passed"
	exit 0
}

need_impair() {
	[ -n "${PTPDK_IMPAIR:-}" ] || PTPDK_IMPAIR="$LAB_REPO/build/app/ptpdk-impair"
	[ -x "$PTPDK_IMPAIR" ] || fatal "ptpdk-impair is not built ($PTPDK_IMPAIR)"
	export PTPDK_IMPAIR
}

need_ping() {
	command -v ping >/dev/null 2>&1 || skip "ping (iputils-ping) is not installed"
}

# Static neighbour entries between peer and gm1/gm2, so that lost or delayed
# ARP never disturbs a measurement.
lab_static_neigh() {
	local h
	for h in GM1 GM2; do
		local ns_var="LAB_NS_$h" ip4="LAB_${h}_IP4" ip6="LAB_${h}_IP6" mac="LAB_${h}_MAC"
		ip -n "$LAB_NS_PEER" neigh replace "${!ip4}" lladdr "${!mac}" dev "$LAB_IF" nud permanent
		ip -n "$LAB_NS_PEER" neigh replace "${!ip6}" lladdr "${!mac}" dev "$LAB_IF" nud permanent
		ip -n "${!ns_var}" neigh replace "$LAB_PEER_IP4" lladdr "$LAB_PEER_MAC" dev "$LAB_IF" nud permanent
		ip -n "${!ns_var}" neigh replace "$LAB_PEER_IP6" lladdr "$LAB_PEER_MAC" dev "$LAB_IF" nud permanent
	done
}

# lab_ping OUTFILE COUNT TARGET: COUNT probes 20 ms apart from peer, each
# waited for at most 1 s, the whole run bounded by `timeout`. (No -w: with a
# deadline ping keeps probing until COUNT replies came back.)
lab_ping() {
	local out=$1 count=$2 target=$3
	timeout $((count / 50 + 10)) ip netns exec "$LAB_NS_PEER" \
		ping -n -c "$count" -i 0.02 -W 1 "$target" >"$out" 2>&1
	return 0
}

# ping_received FILE, ping_dups FILE: from ping's summary and reply lines.
ping_received() {
	sed -n 's/.* \([0-9][0-9]*\) received.*/\1/p' "$1" | tail -n 1
}
ping_dups() {
	grep -c 'DUP!' "$1"
}
# ping_rtts FILE: one RTT (ms) per line, unique replies only.
ping_rtts() {
	grep -v 'DUP!' "$1" | sed -n 's/.*time=\([0-9.]*\) ms.*/\1/p'
}
# stat_of MIN|MEDIAN|MAX < numbers
stat_of() {
	sort -g | awk -v w="$1" '{v[NR] = $1} END {
		if (NR == 0) { print "nan"; exit }
		if (w == "MIN") print v[1]
		else if (w == "MAX") print v[NR]
		else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
# fcmp A OP B with floats, e.g. fcmp 4.1 '>=' 3.9
fcmp() {
	awk -v a="$1" -v b="$3" -v op="$2" 'BEGIN {
		if (op == ">=") r = (a >= b); else if (op == "<=") r = (a <= b);
		else if (op == ">") r = (a > b); else r = (a < b);
		exit !r }'
}
