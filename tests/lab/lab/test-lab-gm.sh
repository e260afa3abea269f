#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# usage: test-lab-gm.sh IMPL TRANSPORT DELAY   (e.g. ptp4l udp4 e2e)
# A grandmaster started by `scripts/lab gm start` is seen on the DUT veth: a
# bounded capture on P-dut holds its Announce, Sync and Follow_Up (and, for
# P2P, Pdelay_Req), from the right source, in the right transport, with the
# domain and priority1 the test asked for.
# shellcheck disable=SC2119,SC2317  # helpers are called through check()
set -u
# shellcheck source=tests/lab/lab/lab-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lab-common.sh"

IMPL=${1:-ptp4l}
TRANSPORT=${2:-udp4}
DELAY=${3:-e2e}
LAB_TEST="$LAB_TEST-$IMPL-$TRANSPORT-$DELAY"
command -v "$IMPL" >/dev/null 2>&1 || skip "$IMPL is not installed"
command -v tcpdump >/dev/null 2>&1 || skip "tcpdump is not installed"
lab_init
lab_up

DOMAIN=3
PRIO1=7
CAPTURE_S=5

case "$TRANSPORT" in
udp4 | udp6) FILTER='udp port 319 or udp port 320' ;;
l2) FILTER='ether proto 0x88f7' ;;
*) fatal "unknown transport $TRANSPORT" ;;
esac

lab gm start --impl "$IMPL" --transport "$TRANSPORT" --delay "$DELAY" \
	--domain "$DOMAIN" --priority1 "$PRIO1" --announce-log 0 --sync-log -1 ||
	fatal "scripts/lab gm start failed"
check "status lists the grandmaster" bash -c "'$LAB' --prefix '$LAB_PREFIX' status | grep -q 'grandmaster gm1: pid'"

PCAP="$LAB_TMP/dut.pcap"
timeout "$CAPTURE_S" tcpdump -i "$LAB_DUT" -nn -U -s 256 -w "$PCAP" "$FILTER" 2>"$LAB_TMP/tcpdump.err"
[ -s "$PCAP" ] || fatal "nothing captured on $LAB_DUT ($(cat "$LAB_TMP/tcpdump.err"))"

# One line per PTP message: type src dst domain twostep priority1
if command -v tshark >/dev/null 2>&1; then
	case "$TRANSPORT" in
	udp4) SRC=ip.src DST=ip.dst ;;
	udp6) SRC=ipv6.src DST=ipv6.dst ;;
	l2) SRC=eth.src DST=eth.dst ;;
	esac
	tshark -r "$PCAP" -n -Y ptp -T fields -E separator=' ' -E occurrence=f \
		-e ptp.v2.messagetype -e "$SRC" -e "$DST" -e ptp.v2.domainnumber \
		-e ptp.v2.flags.twostep -e ptp.v2.an.priority1 >"$LAB_TMP/msgs" 2>/dev/null
	# tshark prints the type as 0x00 / 0x0000000b depending on version: normalise.
	awk '{t = $1; sub(/^0x0*/, "", t); if (t == "") t = "0"; $1 = t; print}' "$LAB_TMP/msgs" >"$LAB_TMP/m"
	count() { awk -v t="$1" '$1 == t' "$LAB_TMP/m" | wc -l; }
	n_sync=$(count 0)
	n_fup=$(count 8)
	n_ann=$(count b)
	n_preq=$(count 2)
	n_dreq=$(count 1)
	log "captured on $LAB_DUT in ${CAPTURE_S}s: Sync=$n_sync Follow_Up=$n_fup Announce=$n_ann Pdelay_Req=$n_preq Delay_Req=$n_dreq"
	case "$TRANSPORT" in
	udp4) want_src=$LAB_GM1_IP4 want_dst=224.0.1.129 ;;
	udp6) want_src=$LAB_GM1_IP6 want_dst=ff0e::181 ;;
	l2) want_src=$LAB_GM1_MAC want_dst=01:1b:19:00:00:00 ;;
	esac
	check "Announce seen" test "$n_ann" -ge 1
	check "Sync seen" test "$n_sync" -ge 2
	check "Follow_Up seen (two-step)" test "$n_fup" -ge 2
	check "Announce/Sync come from gm1 ($want_src) to $want_dst" \
		test -z "$(awk -v s="$want_src" -v d="$want_dst" '($1 == "0" || $1 == "b") && ($2 != s || $3 != d)' "$LAB_TMP/m")"
	check "domainNumber is $DOMAIN" test -z "$(awk -v d="$DOMAIN" '$4 != d' "$LAB_TMP/m")"
	check "Sync has the twoStep flag" test -z "$(awk '$1 == "0" && $5 != "1" && $5 != "True"' "$LAB_TMP/m")"
	check "Announce carries priority1 $PRIO1" test -z "$(awk -v p="$PRIO1" '$1 == "b" && $6 != p' "$LAB_TMP/m")"
	if [ "$DELAY" = p2p ]; then
		check "P2P: the grandmaster sends Pdelay_Req" test "$n_preq" -ge 1
		check "P2P: no Delay_Req" test "$n_dreq" -eq 0
	else
		check "E2E: no Pdelay_Req" test "$n_preq" -eq 0
	fi
else
	tcpdump -r "$PCAP" -nn -v 2>/dev/null >"$LAB_TMP/txt"
	n_sync=$(grep -c 'msg type : sync msg' "$LAB_TMP/txt")
	n_fup=$(grep -c 'msg type : follow up msg' "$LAB_TMP/txt")
	n_ann=$(grep -c 'msg type : announce msg' "$LAB_TMP/txt")
	log "tshark missing, tcpdump decode: Sync=$n_sync Follow_Up=$n_fup Announce=$n_ann"
	check "Announce seen" test "$n_ann" -ge 1
	check "Sync seen" test "$n_sync" -ge 2
	check "Follow_Up seen (two-step)" test "$n_fup" -ge 2
fi

lab gm stop --ns gm1 2>/dev/null
check "gm stop ends the grandmaster" bash -c "'$LAB' --prefix '$LAB_PREFIX' status | grep -q 'grandmaster gm1: stopped'"
lab_done
