#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Round-trip ptpdk's PTP codec through a re-encoding tool, checked by scapy.

scapy builds IN.pcap: every PTP message type, every TLV kind (including each
management data set), over UDP/IPv4, UDP/IPv6 and L2, each with and without
an 802.1Q tag, with random field values from a seeded generator.  Then

    REENCODE_EXE IN.pcap OUT.pcap

must decode every frame with ptpdk's codec, re-encode it, rebuild the frame
(with a correct UDP checksum) and write the same number of frames in order,
exiting 0.  Each OUT frame is dissected by scapy and every field of every
layer (Ethernet, 802.1Q, IP/IPv6, UDP, PTP header, body, TLVs, data sets)
must equal IN's; Ethernet padding is ignored; the UDP checksum must verify.

IPv4 id/DSCP and IPv6 traffic class/flow label are 0 in IN unless
--vary-l3 (ptpdk's frame builder does not carry them); TTL/hop limit,
addresses, ports, VLAN id and priority are random and must survive.

A second pass (disable with --no-malformed) mixes good frames with frames
that are malformed beyond doubt (truncated, bad version, messageLength past
the end, TLV overrunning the message): the tool must exit non-zero and print
at least one stderr line per bad frame; OUT may hold one frame per input
frame or only the decoded ones, and the good frames must round-trip.

usage: test_roundtrip.py REENCODE_EXE [--seed N] [--per-combo K]
                         [--ignore LAYER.FIELD ...] [--vary-l3] [--keep DIR]
Exit status: 0 pass, 1 fail, 77 skip (scapy not importable).
"""

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))

ap = argparse.ArgumentParser(
    description="scapy round-trip check of a ptpdk PTP re-encoding tool")
ap.add_argument("reencode", metavar="REENCODE_EXE",
                help="tool run as: REENCODE_EXE IN.pcap OUT.pcap")
ap.add_argument("--seed", type=int, default=1588,
                help="random seed (default 1588); printed on every run")
ap.add_argument("--per-combo", type=int, default=2, metavar="K",
                help="random frames per (message type, transport, vlan)")
ap.add_argument("--ignore", action="append", default=[],
                metavar="LAYER.FIELD",
                help="do not compare this field (e.g. IP.id); repeatable")
ap.add_argument("--vary-l3", action="store_true",
                help="also randomise IPv4 id/DSCP and IPv6 traffic class/flow "
                "label (left 0 by default: ptpdk's frame builder does not "
                "carry them)")
ap.add_argument("--no-malformed", action="store_true",
                help="skip the malformed-frames pass")
ap.add_argument("--keep", metavar="DIR",
                help="write the pcaps here and keep them")
ap.add_argument("--scripts", default=os.path.join(HERE, "..", "..",
                                                  "scripts"))
ARGS = ap.parse_args()
sys.path.insert(0, os.path.abspath(ARGS.scripts))

try:
    import scapy  # noqa: F401
    import ptpdk_scapy as P
    from scapy.layers.inet import IP, UDP
    from scapy.layers.inet6 import IPv6
    from scapy.layers.l2 import Ether
    from scapy.packet import NoPayload, Packet, Padding
    from scapy.fields import ThreeBytesField, _BitField
    from scapy.utils import rdpcap, wrpcap
except ImportError as e:
    print("SKIP: cannot import scapy / ptpdk_scapy: %s" % e)
    sys.exit(77)

RND = random.Random(ARGS.seed)
IGNORE = set(ARGS.ignore)

# ---------------------------------------------------------------------------
# Random values
# ---------------------------------------------------------------------------

_FMT_BITS = {"B": (8, False), "b": (8, True), "H": (16, False),
             "h": (16, True), "I": (32, False), "i": (32, True),
             "Q": (64, False), "q": (64, True)}
_SKIP = {"messageType", "messageLength", "controlField", "tlvs", "tlvType",
         "lengthField", "dataField", "pad", "value", "displayData",
         "pathSequence", "versionPTP", "minorVersionPTP", "flags",
         "organizationId", "organizationSubType"}


def rand_int(bits, signed):
    v = RND.getrandbits(bits)
    if signed and v >= 1 << (bits - 1):
        v -= 1 << bits
    return v


def rand_clock():
    return P.clock_identity(bytes(RND.getrandbits(8) for _ in range(8)))


def rand_fill(pkt):
    """Random values for every plain field; reserved fields stay zero."""
    for f in pkt.fields_desc:
        n = f.name
        if n in _SKIP or n.startswith("reserved"):
            continue
        if isinstance(f, P.ClockIdentityField):
            v = rand_clock()
        elif n.endswith("Nanoseconds"):
            v = RND.randrange(10 ** 9)
        elif isinstance(f, _BitField):
            v = RND.getrandbits(f.size)
        elif isinstance(f, ThreeBytesField):
            v = RND.getrandbits(24)
        elif getattr(f, "fmt", None) and f.fmt[-1] in _FMT_BITS:
            v = rand_int(*_FMT_BITS[f.fmt[-1]])
        else:
            continue
        setattr(pkt, n, v)
    return pkt


def rand_bytes(n):
    return bytes(RND.getrandbits(8) for _ in range(n))


def rand_flags(pkt, nbits):
    pkt.flags = RND.getrandbits(nbits)


UNICAST_TYPES = (0x0, 0xB, 0x9, 0x3)


def tlv_management(kind=None):
    ids = sorted(P.PTP_MGMT_DATA_CLASSES)
    kind = kind if kind is not None else RND.choice(ids + ["get", "raw"])
    if kind == "get":
        return P.PTPTLVManagement(managementId=RND.choice(
            sorted(P.PTP_MANAGEMENT_IDS)))
    if kind == "raw":       # PRIORITY1 (not parsed by ptpdk_scapy): raw data
        return P.PTPTLVManagement(managementId=0x2005, dataField=P.
                                  PTPMgmtRawData(data=bytes([RND.getrandbits(
                                      8), 0])))
    data = rand_fill(P.PTP_MGMT_DATA_CLASSES[kind]())
    if kind == 0x2000:
        rand_flags(data, 2)
    elif kind == 0x2002:
        rand_flags(data, 1)
    elif kind == 0x2003:
        rand_flags(data, 6)
    elif kind == 0x2004:
        data.portState = RND.randint(1, 9)
        data.delayMechanism = RND.choice((1, 2, 0xFE))
        data.versionNumber = 2
    return P.PTPTLVManagement(managementId=kind, dataField=data)


def tlv_mgmt_error(with_text=None):
    if with_text is None:
        with_text = RND.random() < 0.5
    t = P.PTPTLVManagementErrorStatus(
        managementErrorId=RND.choice(sorted(P.PTP_MANAGEMENT_ERRORS)),
        managementId=RND.choice(sorted(P.PTP_MANAGEMENT_IDS)))
    if with_text:
        t.displayData = "".join(RND.choice("abcdefghijklmnop ")
                                for _ in range(RND.randint(0, 20))).encode()
    return t


def tlv_org():
    oid = RND.getrandbits(24)
    if oid == 0x0080C2:
        oid = 0x001B19
    return P.PTPTLVOrganizationExtension(
        tlvType=RND.choice((0x0003, 0x4000, 0x8000)), organizationId=oid,
        organizationSubType=RND.getrandbits(24),
        dataField=rand_bytes(2 * RND.randint(0, 8)))


def tlv_followup_info():
    return rand_fill(P.PTPTLVFollowUpInfo())


def tlv_unicast(cls):
    t = rand_fill(cls())
    t.messageType = RND.choice(UNICAST_TYPES)
    if cls is P.PTPTLVGrantUnicast:
        t.flags = RND.getrandbits(1)
    return t


def tlv_path_trace():
    return P.PTPTLVPathTrace(pathSequence=[rand_clock() for _ in range(
        RND.randint(1, 4))])


def tlv_raw():
    return P.PTPTLV(tlvType=RND.choice((0x2004, 0x7F00, 0x7F3C)),
                    value=rand_bytes(2 * RND.randint(0, 6)))


def rand_tlvs(body_cls):
    r = RND.random()
    if body_cls is P.PTPManagement:
        return [tlv_management() if r < 0.75 else tlv_mgmt_error()]
    if body_cls is P.PTPSignaling:
        pool = [lambda: tlv_unicast(P.PTPTLVRequestUnicast),
                lambda: tlv_unicast(P.PTPTLVGrantUnicast),
                lambda: tlv_unicast(P.PTPTLVCancelUnicast),
                lambda: tlv_unicast(P.PTPTLVAckCancelUnicast),
                tlv_org, tlv_raw]
        return [RND.choice(pool)() for _ in range(RND.randint(1, 3))]
    if body_cls is P.PTPAnnounce:
        return [tlv_path_trace()] if r < 0.6 else []
    if body_cls is P.PTPFollowUp:
        return [tlv_followup_info()] if r < 0.6 else []
    if r < 0.25:
        return [RND.choice((tlv_org, tlv_raw))()]
    return []


def rand_message(body_cls, tlvs=None):
    h = rand_fill(P.PTPv2())
    h.minorVersionPTP = RND.choice((0, 1))
    h.flags = RND.getrandbits(16)
    body = rand_fill(body_cls())
    if body_cls is P.PTPManagement:
        body.actionField = RND.randint(0, 4)
    body.tlvs = rand_tlvs(body_cls) if tlvs is None else tlvs
    return h / body


def rand_mac():
    return ":".join("%02x" % b for b in
                    [0x02 | (RND.getrandbits(8) & 0xFC)] + list(rand_bytes(5)))


def rand_frame(msg, transport, vlan):
    kw = dict(smac=rand_mac(), ttl=RND.choice((1, 64, 128, 255)))
    if vlan:
        kw.update(vlan=RND.randint(1, 4094), prio=RND.randint(0, 7))
    if transport == "udp4":
        kw["src"] = "198.%d.%d.%d" % (RND.choice((18, 19)),
                                      RND.randint(0, 255), RND.randint(1, 254))
        if RND.random() < 0.2:      # unicast, e.g. unicast negotiation
            kw["dst"] = "198.18.%d.%d" % (RND.randint(0, 255),
                                          RND.randint(1, 254))
            kw["dmac"] = rand_mac()
    elif transport == "udp6":
        kw["src"] = "fe80::%x:%x" % (RND.getrandbits(16), RND.getrandbits(16))
    f = P.ptp_frame(msg, transport, **kw)
    if IP in f:
        f[IP].id = RND.getrandbits(16) if ARGS.vary_l3 else 0
        f[IP].tos = RND.choice((0, 0xB8, 0xE0)) if ARGS.vary_l3 else 0
    if IPv6 in f:
        f[IPv6].tc = RND.choice((0, 0xB8, 0xE0)) if ARGS.vary_l3 else 0
        f[IPv6].fl = RND.getrandbits(20) if ARGS.vary_l3 else 0
    if transport == "l2" and not vlan and len(f) < 60 and RND.random() < 0.5:
        f = f / Padding(b"\x00" * (60 - len(f)))    # as captured on a wire
    return f


def build_frames():
    frames = []
    bodies = [P.PTP_BODY_CLASSES[t] for t in sorted(P.PTP_BODY_CLASSES)]
    combos = [(t, v) for t in ("udp4", "udp6", "l2") for v in (False, True)]
    for transport, vlan in combos:
        for cls in bodies:
            for _ in range(ARGS.per_combo):
                frames.append(rand_frame(rand_message(cls), transport, vlan))
    # deterministic coverage: every TLV kind and data set at least once
    cover = [tlv_management(k) for k in sorted(P.PTP_MGMT_DATA_CLASSES)] + [
        tlv_management("get"), tlv_management("raw"),
        tlv_mgmt_error(True), tlv_mgmt_error(False)]
    for t in cover:
        frames.append(rand_frame(rand_message(P.PTPManagement, [t]),
                                 RND.choice(("udp4", "udp6", "l2")),
                                 RND.random() < 0.5))
    sig = [tlv_unicast(P.PTPTLVRequestUnicast),
           tlv_unicast(P.PTPTLVGrantUnicast),
           tlv_unicast(P.PTPTLVCancelUnicast),
           tlv_unicast(P.PTPTLVAckCancelUnicast), tlv_org(), tlv_raw(),
           tlv_path_trace(), tlv_followup_info()]
    for transport, vlan in combos:
        frames.append(rand_frame(rand_message(P.PTPSignaling, sig),
                                 transport, vlan))
    frames.append(rand_frame(rand_message(P.PTPAnnounce, [tlv_path_trace()]),
                             "udp4", False))
    frames.append(rand_frame(rand_message(P.PTPFollowUp,
                                          [tlv_followup_info()]), "l2", True))
    for tt in (0x0003, 0x4000, 0x8000):
        o = tlv_org()
        o.tlvType = tt
        frames.append(rand_frame(rand_message(P.PTPSync, [o]), "udp6",
                                 False))
    return frames


# ---------------------------------------------------------------------------
# Comparison
# ---------------------------------------------------------------------------


def _norm(v):
    if isinstance(v, Packet):
        return v
    if hasattr(v, "value") and type(v).__name__ == "FlagValue":
        return int(v)
    return v


def diff_layer(a, b, path, out):
    if type(a) is not type(b):
        out.append("%s: layer %s != %s" % (path, type(a).__name__,
                                           type(b).__name__))
        return
    lname = type(a).__name__
    for f in a.fields_desc:
        if "%s.%s" % (lname, f.name) in IGNORE:
            continue
        va, vb = a.getfieldval(f.name), b.getfieldval(f.name)
        where = "%s.%s" % (path, f.name)
        if isinstance(va, list) and va and isinstance(va[0], Packet) or \
                isinstance(vb, list) and vb and isinstance(vb[0], Packet):
            va, vb = va or [], vb or []
            if len(va) != len(vb):
                out.append("%s: %d entries != %d" % (where, len(va),
                                                    len(vb)))
                continue
            for i, (x, y) in enumerate(zip(va, vb)):
                diff_layer(x, y, "%s[%d]<%s>" % (where, i, type(x).__name__),
                           out)
        elif isinstance(va, Packet) or isinstance(vb, Packet):
            if va is None or vb is None:
                out.append("%s: %r != %r" % (where, va, vb))
            else:
                diff_layer(va, vb, "%s<%s>" % (where, type(va).__name__),
                           out)
        elif _norm(va) != _norm(vb):
            out.append("%s: IN %s != OUT %s" % (
                where, f.i2repr(a, va), f.i2repr(b, vb)))


def strip(p):
    """Layers of a frame, without Ethernet padding."""
    out = []
    while p is not None and not isinstance(p, NoPayload):
        if not isinstance(p, Padding):
            out.append(p)
        p = p.payload
    return out


def compare_frames(fin, fout):
    """List of differences between IN and OUT frame bytes."""
    pin, pout = Ether(fin), Ether(fout)
    la, lb = strip(pin), strip(pout)
    diffs = []
    names_a = [type(x).__name__ for x in la]
    names_b = [type(x).__name__ for x in lb]
    if names_a != names_b:
        return ["layers %s != %s" % ("/".join(names_a), "/".join(names_b))]
    for x, y in zip(la, lb):
        diff_layer(x, y, type(x).__name__, diffs)
    if UDP in pout:
        c = pout[UDP].chksum
        q = Ether(fout)
        q[UDP].chksum = None
        good = Ether(bytes(q))[UDP].chksum
        if c != good:
            diffs.append("UDP checksum %#06x is wrong (want %#06x)" % (
                c, good))
    return diffs


# ---------------------------------------------------------------------------
# Driver
# ---------------------------------------------------------------------------


def run_tool(pin, pout):
    exe = ARGS.reencode
    if os.sep in exe and not os.path.exists(exe):
        print("FAIL: %s does not exist" % exe)
        return None
    try:
        r = subprocess.run([exe, pin, pout], stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True,
                           timeout=60)
    except (OSError, subprocess.TimeoutExpired) as e:
        print("FAIL: cannot run %s: %s" % (exe, e))
        return None
    return r


def read_out(path, n_in, n_alt=None):
    """Frames of OUT; their count must be n_in (or n_alt when given)."""
    if not os.path.exists(path):
        print("FAIL: %s was not written" % path)
        return None
    try:
        out = [bytes(p) for p in rdpcap(path)]
    except Exception as e:
        print("FAIL: cannot read %s: %s" % (path, e))
        return None
    if len(out) != n_in and len(out) != n_alt:
        print("FAIL: OUT has %d frames, IN has %d%s" % (
            len(out), n_in, "" if n_alt is None else
            " (%d of them well-formed)" % n_alt))
        return None
    return out


def report(idx, fin, diffs, limit=12):
    s = Ether(fin).summary()
    print("FAIL frame %d (%s):" % (idx, s))
    for d in diffs[:limit]:
        print("    " + d)
    if len(diffs) > limit:
        print("    ... %d more" % (len(diffs) - limit))


def pass_good(work):
    frames = build_frames()
    raw_in = [bytes(f) for f in frames]
    pin = os.path.join(work, "roundtrip-in.pcap")
    pout = os.path.join(work, "roundtrip-out.pcap")
    wrpcap(pin, [Ether(b) for b in raw_in])
    print("round-trip: %d frames -> %s" % (len(raw_in), pin))
    r = run_tool(pin, pout)
    if r is None:
        return False
    if r.returncode != 0:
        print("FAIL: %s exited %d on well-formed frames; stderr:\n%s" % (
            ARGS.reencode, r.returncode, r.stderr))
        return False
    out = read_out(pout, len(raw_in))
    if out is None:
        return False
    bad = 0
    for i, (a, b) in enumerate(zip(raw_in, out)):
        d = compare_frames(a, b)
        if d:
            bad += 1
            if bad <= 30:
                report(i, a, d)
    print("round-trip: %d/%d frames identical field by field" % (
        len(raw_in) - bad, len(raw_in)))
    return bad == 0


def pass_malformed(work):
    kinds = ("truncated", "bad-version", "length-mismatch", "bad-tlv-length")
    frames, bad_idx = [], set()
    combos = [(t, v) for t in ("udp4", "udp6", "l2") for v in (False, True)]
    for i, kind in enumerate(kinds * 2):
        transport, vlan = combos[i % len(combos)]
        cls = RND.choice((P.PTPSync, P.PTPAnnounce, P.PTPDelayResp,
                          P.PTPFollowUp))
        frames.append(rand_frame(rand_message(cls), transport, vlan))
        msg = rand_message(cls)
        bad_idx.add(len(frames))
        frames.append(P.ptp_malformed_frame(msg, kind, transport,
                                            vlan=RND.randint(1, 4094)
                                            if vlan else None))
    raw_in = [bytes(f) for f in frames]
    pin = os.path.join(work, "malformed-in.pcap")
    pout = os.path.join(work, "malformed-out.pcap")
    wrpcap(pin, [Ether(b) for b in raw_in])
    print("malformed: %d frames (%d bad) -> %s" % (len(raw_in), len(bad_idx),
                                                   pin))
    r = run_tool(pin, pout)
    if r is None:
        return False
    ok = True
    if r.returncode == 0:
        print("FAIL: %s exited 0 although %d frames are malformed" % (
            ARGS.reencode, len(bad_idx)))
        ok = False
    lines = [x for x in r.stderr.splitlines() if x.strip()]
    if len(lines) < len(bad_idx):
        print("FAIL: %d stderr lines for %d bad frames:\n%s" % (
            len(lines), len(bad_idx), r.stderr))
        ok = False
    # OUT holds either one frame per input frame, or only the frames that
    # decoded; either way the well-formed ones must come back intact.
    n_good = len(raw_in) - len(bad_idx)
    out = read_out(pout, len(raw_in), n_good)
    if out is None:
        return False
    good = [(i, b) for i, b in enumerate(raw_in) if i not in bad_idx]
    pairs = [(i, raw_in[i], out[i]) for i, _ in good] \
        if len(out) == len(raw_in) else \
        [(i, a, out[k]) for k, (i, a) in enumerate(good)]
    for i, a, b in pairs:
        d = compare_frames(a, b)
        if d:
            report(i, a, d)
            ok = False
    print("malformed: %s" % ("ok" if ok else "FAILED"))
    return ok


def main():
    print("seed=%d (rerun with --seed %d)" % (ARGS.seed, ARGS.seed))
    if ARGS.keep:
        os.makedirs(ARGS.keep, exist_ok=True)
        work = ARGS.keep
    else:
        work = tempfile.mkdtemp(prefix="ptpdk-roundtrip-")
    ok = pass_good(work)
    if not ARGS.no_malformed:
        ok = pass_malformed(work) and ok
    if ARGS.keep:
        print("pcaps kept in %s" % work)
    elif ok:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("pcaps left in %s for inspection" % work)
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
