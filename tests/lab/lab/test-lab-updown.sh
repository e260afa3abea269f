#!/usr/bin/env bash
# SPDX-License-Identifier: BSD-3-Clause
# scripts/lab up/down: idempotence, the layout it builds, repair of a
# half-built lab, clean removal, and its error handling.
# shellcheck disable=SC2119,SC2317  # helpers are called through check()
set -u
# shellcheck source=tests/lab/lab/lab-common.sh
. "$(dirname "${BASH_SOURCE[0]}")/lab-common.sh"
lab_init

P=$LAB_PREFIX
NSS=("$P-sw" "$P-imp" "$P-gm1" "$P-gm2" "$P-peer")

ns_present() { [ -e "/run/netns/$1" ]; }
all_ns_present() {
	local n
	for n in "${NSS[@]}"; do ns_present "$n" || return 1; done
}
no_ns_present() {
	local n
	for n in "${NSS[@]}"; do ! ns_present "$n" || return 1; done
}
dut_present() { ip link show dev "$P-dut" >/dev/null 2>&1; }
contains() { [[ "$1" == *"$2"* ]]; }

# --- up twice
lab_up
check "first up built all namespaces" all_ns_present
out=$(lab up 2>/dev/null)
check "second up succeeds and prints the DUT name" test "$out" = "$P-dut"
check "status says up" bash -c "'$LAB' --prefix '$P' status | head -n 1 | grep -q ': up$'"
check "env: LAB_DUT" test "$LAB_DUT" = "$P-dut"
check "env: LAB_STATE" test "$LAB_STATE" = "/run/ptpdk-lab/$P"
check "env: LAB_NS_GM1" test "$LAB_NS_GM1" = "$P-gm1"

# --- the DUT veth in the root namespace
check "DUT veth exists in the root namespace" dut_present
check "DUT is up" bash -c "ip -br link show dev '$P-dut' | grep -q ' UP '"
check "DUT has no IPv4 address" test -z "$(ip -4 -o addr show dev "$P-dut")"
check "DUT has IPv6 disabled" test "$(cat "/proc/sys/net/ipv6/conf/$P-dut/disable_ipv6")" = 1
check "DUT has no IPv6 address" test -z "$(ip -6 -o addr show dev "$P-dut")"
check "DUT is NOARP and MULTICAST" bash -c "ip link show dev '$P-dut' | head -n1 | grep -q 'MULTICAST,NOARP'"
check "DUT's peer is a port of br0" bash -c "ip -n '$P-sw' -o link show master br0 | grep -q 'sw-dut'"
check "env: LAB_DUT2" test "$LAB_DUT2" = "$P-du2"
check "second DUT veth is up, bare, NOARP" bash -c "ip link show dev '$P-du2' | head -n1 | grep -q 'MULTICAST,NOARP,UP' && test -z \"\$(ip -o addr show dev '$P-du2')\""
check "second DUT's peer is a port of br0" bash -c "ip -n '$P-sw' -o link show master br0 | grep -q 'sw-du2'"

# --- hosts
for h in gm1 gm2 peer; do
	H=${h^^}
	ip4=LAB_${H}_IP4
	ip6=LAB_${H}_IP6
	check "$h: lab0 has ${!ip4}/24" bash -c "ip -n '$P-$h' -4 -o addr show dev lab0 | grep -q ' ${!ip4}/24 '"
	check "$h: lab0 has ${!ip6}/64 (no DAD pending)" bash -c \
		"ip -n '$P-$h' -6 -o addr show dev lab0 | grep ' ${!ip6}/64 ' | grep -vq tentative"
	check "$h: no interface named eth0" bash -c "! ip -n '$P-$h' link show dev eth0 >/dev/null 2>&1"
done
check "gm1's link runs through the kernel bridge in $P-imp" \
	bash -c "ip -n '$P-imp' -o link show master imbr0 | grep -q imp-gm"
check "all interface names fit 15 characters" bash -c \
	"for n in ${NSS[*]}; do ip -n \$n -o link show; done | awk -F': ' '{sub(/@.*/, \"\", \$2); if (length(\$2) > 15) exit 1}'"

reach() { ip netns exec "$LAB_NS_PEER" ping -n -c 2 -i 0.2 -W 2 -w 5 "$1" >/dev/null 2>&1; }
if command -v ping >/dev/null 2>&1; then
	for t in "$LAB_GM1_IP4" "$LAB_GM1_IP6" "$LAB_GM2_IP4" "$LAB_GM2_IP6"; do
		check "peer reaches $t" reach "$t"
	done
else
	log "ping not installed: connectivity checks skipped"
fi

# --- repair: a lost namespace comes back with the next up
ip netns del "$P-gm2"
out=$(lab up 2>/dev/null)
check "up repairs a lab that lost a namespace" all_ns_present
check "repaired gm2 has its address" bash -c "ip -n '$P-gm2' -4 -o addr show dev lab0 | grep -q '$LAB_GM2_IP4/24'"
check "repaired gm2 hangs on br0" bash -c "ip -n '$P-sw' -o link show master br0 | grep -q sw-gm2"

# --- errors
check "bad prefix is refused with exit 1" bash -c "'$LAB' --prefix 'way-too-long-prefix' up >/dev/null 2>&1; test \$? -eq 1"
check "unknown command: exit 1" bash -c "'$LAB' --prefix '$P' frobnicate >/dev/null 2>&1; test \$? -eq 1"
msg=$(lab gm start --steps one 2>&1)
check "gm start --steps one is refused, explaining why" contains "$msg" "hardware time stamping"
check "gm start --impl ptpd --transport udp6 is refused" bash -c "! '$LAB' --prefix '$P' gm start --impl ptpd --transport udp6 >/dev/null 2>&1"
check "gm start --ns gm3 is refused" bash -c "! '$LAB' --prefix '$P' gm start --ns gm3 >/dev/null 2>&1"
if command -v setpriv >/dev/null 2>&1; then
	msg=$(setpriv --reuid=65534 --regid=65534 --clear-groups "$LAB" --prefix "$P" status 2>&1)
	rc=$?
	check "non-root: exit 1" test "$rc" -eq 1
	check "non-root: a clear message" contains "$msg" "must run as root"
fi
PTPDK_IMPAIR=/nonexistent/ptpdk-impair lab impair delay=1ms >/dev/null 2>"$LAB_TMP/err"
rc=$?
check "impair without the binary: exit 1, says where it looked" \
	bash -c "test $rc -eq 1 && grep -q 'ptpdk-impair not found' '$LAB_TMP/err'"

# --- down twice
lab down 2>/dev/null
check "first down succeeds" test $? -eq 0
lab down 2>/dev/null
check "second down succeeds" test $? -eq 0
check "down removed all namespaces" no_ns_present
check "down removed the DUT veth" bash -c "! ip link show dev '$P-dut' >/dev/null 2>&1"
check "down removed the second DUT veth" bash -c "! ip link show dev '$P-du2' >/dev/null 2>&1"
check "down removed the state directory" test ! -e "/run/ptpdk-lab/$P"
check "status says down" bash -c "'$LAB' --prefix '$P' status | head -n 1 | grep -q ': down$'"

# --- down cleans a half-built lab
ip netns add "$P-sw"
ip netns add "$P-gm1"
ip link add "$P-dut" type veth peer name sw-dut netns "$P-sw"
mkdir -p "/run/ptpdk-lab/$P"
check "status sees the half-built lab" bash -c "'$LAB' --prefix '$P' status | head -n 1 | grep -q 'partly built'"
lab down 2>/dev/null
check "down of a half-built lab succeeds" test $? -eq 0
check "half-built lab: namespaces gone" no_ns_present
check "half-built lab: DUT veth gone" bash -c "! ip link show dev '$P-dut' >/dev/null 2>&1"

lab_done
