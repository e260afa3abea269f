#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""ptpdk-dump on frames with wrong IPv4 header and UDP checksums.

A capture taken on the sending host holds that host's frames with checksums the NIC
had still to fill in (the UDP field carries only the pseudo-header sum). ptpdk-dump
must decode such frames by default, mark them and count them per reason, as tshark
decodes them; --verify-checksum must refuse them as the daemon does, and
--no-verify-checksum must stay an alias of the default.

scapy builds the capture in a temporary directory (nothing is kept in the tree); the
expected marks and counts come from the corruption applied to each frame.

usage: test_bad_checksums.py PTPDK_DUMP [--scripts DIR] [--keep DIR]
Exit status: 0 pass, 1 fail, 77 skip (scapy not importable).
"""

import argparse
import collections
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ap.add_argument("dump")
ap.add_argument("--scripts", default=os.path.join(HERE, "..", "..", "scripts"))
ap.add_argument("--keep", metavar="DIR", help="copy the generated captures here")
ARGS = ap.parse_args()
sys.path.insert(0, os.path.abspath(ARGS.scripts))
try:
    import ptpdk_scapy as P
except ImportError as exc:
    print("SKIP: cannot import scapy / ptpdk_scapy: %s" % exc)
    sys.exit(77)

REASON = {"ip": "bad_ip_checksum", "udp": "bad_udp_checksum"}
FAILURES = []


def check(cond, what):
    if not cond:
        FAILURES.append(what)
        print("FAIL: " + what)


def ones_sum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s > 0xFFFF:
        s = (s & 0xFFFF) + (s >> 16)
    return s


class Layout:
    """Offsets of the IP and UDP headers of an Ethernet frame scapy built."""

    def __init__(self, raw):
        self.ip = 14 + (4 if raw[12:14] == b"\x81\x00" else 0)
        self.v6 = raw[self.ip] >> 4 == 6
        self.udp = self.ip + (40 if self.v6 else (raw[self.ip] & 0x0F) * 4)


def unfinished_udp_checksum(raw):
    """What the sending host's capture holds: the pseudo-header sum, not the checksum."""
    lay = Layout(raw)
    udp_len = struct.unpack_from("!H", raw, lay.udp + 4)[0]
    if lay.v6:
        pseudo = raw[lay.ip + 8:lay.ip + 40] + struct.pack("!IxxxB", udp_len, 17)
    else:
        pseudo = raw[lay.ip + 12:lay.ip + 20] + struct.pack("!xBH", 17, udp_len)
    raw[lay.udp + 6:lay.udp + 8] = struct.pack("!H", ones_sum(bytes(pseudo)))


def zero_udp_checksum(raw):
    lay = Layout(raw)
    raw[lay.udp + 6:lay.udp + 8] = b"\0\0"


def break_ip_checksum(raw):
    raw[Layout(raw).ip + 11] ^= 0x5A


def frame(msg, seq, transport="udp4", **kw):
    return bytearray(bytes(P.ptp_frame(P.PTPv2(sequenceId=seq) / msg, transport, **kw)))


def cases():
    """(frame bytes, checksum marks ptpdk-dump must show) for the main capture."""
    out = []

    def add(raw, marks, *corruptions):
        for corrupt in corruptions:
            corrupt(raw)
        out.append((bytes(raw), marks))

    add(frame(P.PTPSync(), 1), [])
    add(frame(P.PTPFollowUp(), 1), ["udp"], unfinished_udp_checksum)
    add(frame(P.PTPSync(), 2), ["ip"], break_ip_checksum)
    add(frame(P.PTPDelayReq(), 3, "udp6"), ["udp"], unfinished_udp_checksum)
    add(frame(P.PTPAnnounce(), 4, vlan=100), ["ip", "udp"], break_ip_checksum,
        unfinished_udp_checksum)
    # IPv6 forbids a zero UDP checksum; in IPv4 it means "none" and is right.
    add(frame(P.PTPDelayResp(), 3, "udp6"), ["udp"], zero_udp_checksum)
    add(frame(P.PTPSync(), 5), [], zero_udp_checksum)
    add(frame(P.PTPSync(), 6, "l2"), [])
    return out


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, raw in enumerate(frames):
            sec, usec = divmod(125000 * i, 1000000)
            f.write(struct.pack("<IIII", 1700000000 + sec, usec, len(raw), len(raw)))
            f.write(raw)


def run(*args):
    proc = subprocess.run([ARGS.dump, *args], capture_output=True, text=True, timeout=60)
    check(proc.returncode == 0, "ptpdk-dump %s: exit %d: %s" % (" ".join(args),
                                                               proc.returncode, proc.stderr))
    return proc.stdout


def run_json(*args):
    records = [json.loads(line) for line in run("--json", *args).splitlines()]
    if not records or "summary" not in records[-1]:
        check(False, "ptpdk-dump --json %s: no summary line" % " ".join(args))
        return records, {}
    return records[:-1], records[-1]["summary"]


def expected_counts(expect):
    return dict(collections.Counter(REASON[m] for _, marks in expect for m in marks))


def test_default(pcap, expect):
    records, summary = run_json(pcap)
    by_frame = {r["frame"]: r for r in records}
    check(sorted(by_frame) == list(range(1, len(expect) + 1)),
          "default: every frame printed (got %s)" % sorted(by_frame))
    for number, (_, marks) in enumerate(expect, 1):
        r = by_frame.get(number, {})
        check("rejected" not in r and "type" in r, "default: frame %d decoded: %s" % (number, r))
        check(r.get("bad_checksum", []) == marks,
              "default: frame %d marks %s, expected %s" % (number, r.get("bad_checksum"),
                                                           marks))
    check(summary.get("rejected") == 0 and summary.get("reasons") == {},
          "default: nothing refused: %s" % summary)
    check(summary.get("ptp") == len(expect),
          "default: %s PTP, expected %d" % (summary.get("ptp"), len(expect)))
    check(summary.get("bad_checksum_decoded") == expected_counts(expect),
          "default: counts %s, expected %s" % (summary.get("bad_checksum_decoded"),
                                              expected_counts(expect)))

    text = run(pcap).splitlines()
    for number, (_, marks) in enumerate(expect, 1):
        line = next((l for l in text if l.startswith("frame %d " % number)), "")
        for layer in ("ip", "udp"):
            shown = "[bad %s checksum]" % layer in line
            check(shown == (layer in marks), "text: frame %d %s mark: %r" % (number, layer,
                                                                             line))
    for reason, n in expected_counts(expect).items():
        check(any(l.split() == [reason, str(n)] for l in text),
              "text summary: no line '%s %d'" % (reason, n))
    check(any(l.split() == ["total", "rejected", "0"] for l in text),
          "text summary: total rejected 0")

    check(run("--no-verify-checksum", "--json", pcap) == run("--json", pcap),
          "--no-verify-checksum: output differs from the default")


def test_strict(pcap, expect):
    records, summary = run_json("--verify-checksum", pcap)
    by_frame = {r["frame"]: r for r in records}
    refused = collections.Counter()
    for number, (_, marks) in enumerate(expect, 1):
        r = by_frame.get(number, {})
        check("bad_checksum" not in r, "strict: frame %d marked: %s" % (number, r))
        if marks:
            # The IPv4 header is checked before the UDP checksum.
            reason = REASON[marks[0]]
            refused[reason] += 1
            check(r.get("rejected") == reason,
                  "strict: frame %d refused as %s, expected %s" % (number, r.get("rejected"),
                                                                   reason))
        else:
            check("type" in r and "rejected" not in r, "strict: frame %d decoded: %s"
                  % (number, r))
    check(summary.get("reasons") == dict(refused), "strict: reasons %s, expected %s"
          % (summary.get("reasons"), dict(refused)))
    check(summary.get("rejected") == sum(refused.values()), "strict: rejected total")
    check(summary.get("bad_checksum_decoded") == {},
          "strict: nothing decoded with a bad checksum")


def test_other_faults_still_refused(workdir):
    """Lenient checksums do not make the dump lenient about anything else."""
    raw = frame(P.PTPFollowUp(), 9, sport=319, dport=319)
    unfinished_udp_checksum(raw)
    pcap = os.path.join(workdir, "wrong-port-bad-checksum.pcap")
    write_pcap(pcap, [bytes(raw)])
    records, summary = run_json(pcap)
    check(records and records[0].get("rejected") == "wrong_port",
          "default: a Follow_Up on port 319 is refused as wrong_port: %s" % records)
    check(summary.get("reasons") == {"wrong_port": 1},
          "default: reasons %s" % summary.get("reasons"))
    records, summary = run_json("--verify-checksum", pcap)
    check(summary.get("reasons") == {"bad_udp_checksum": 1},
          "strict: the checksum is checked first: %s" % summary.get("reasons"))
    return pcap


def main():
    workdir = tempfile.mkdtemp(prefix="ptpdk-dump-csum.")
    try:
        expect = cases()
        pcap = os.path.join(workdir, "bad-checksums.pcap")
        write_pcap(pcap, [raw for raw, _ in expect])
        test_default(pcap, expect)
        test_strict(pcap, expect)
        other = test_other_faults_still_refused(workdir)
        if shutil.which("tshark"):
            # tshark decodes these frames too: the two must agree field by field.
            rc = subprocess.run([sys.executable, os.path.join(HERE, "compare_tshark.py"),
                                 ARGS.dump, pcap, "--min-frames", str(len(expect))]).returncode
            check(rc == 0, "compare_tshark on the bad-checksum capture: exit %d" % rc)
        else:
            print("tshark not installed: comparison skipped")
        if ARGS.keep:
            for path in (pcap, other):
                shutil.copy(path, ARGS.keep)
    finally:
        shutil.rmtree(workdir)
    print("test_bad_checksums: %d frames, %d failures" % (len(expect), len(FAILURES)))
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
