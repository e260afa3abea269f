#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Unit tests of scripts/ptpdk_scapy.py and scripts/ptp-send.

Expected bytes are built here with struct.pack straight from the IEEE
1588-2008 field layout, independently of the layer definitions.  Frames
written by `ptp-send --pcap` are parsed back, and every --malformed variant
is checked to be malformed in exactly the claimed way, with plain byte
parsing rather than scapy.

usage: test_layers.py [--scripts DIR] [-v]
Exit status: 0 pass, 1 fail, 77 skip (scapy not importable).
"""

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
ap.add_argument("--scripts", default=os.path.join(HERE, "..", "..",
                                                  "scripts"))
ap.add_argument("-v", "--verbose", action="store_true")
ARGS = ap.parse_args()
SCRIPTS = os.path.abspath(ARGS.scripts)
PTP_SEND = os.path.join(SCRIPTS, "ptp-send")
sys.path.insert(0, SCRIPTS)

try:
    import scapy  # noqa: F401
    from ptpdk_scapy import *  # noqa: F401,F403
    import ptpdk_scapy as P
except ImportError as e:
    print("SKIP: cannot import scapy / ptpdk_scapy: %s" % e)
    sys.exit(77)

TESTS = []


def test(fn):
    TESTS.append(fn)
    return fn


def eq(got, want, what=""):
    if got != want:
        raise AssertionError("%s: got %r, want %r" % (what, got, want))


def ok(cond, what):
    if not cond:
        raise AssertionError(what)


# ---------------------------------------------------------------------------
# Independent encoders (struct.pack from the standard's layout)
# ---------------------------------------------------------------------------

CLK = bytes.fromhex("001122fffe334455")
CLK_S = "001122.fffe.334455"
CLK2 = bytes.fromhex("a0b0c0fffed0e0f0")
CLK2_S = "a0b0c0.fffe.d0e0f0"


def hdr(mtype, length, sdo=0, minor_ver=0, ver=2, domain=0, minor_sdo=0,
        flags=0, corr=0, mts=0, clk=CLK, port=1, seq=0, control=0,
        logint=0):
    return struct.pack("!BBHBBHqI8sHHBb", (sdo << 4) | mtype,
                       (minor_ver << 4) | ver, length, domain, minor_sdo,
                       flags, corr, mts, clk, port, seq, control, logint)


def ts(sec, ns):
    return struct.pack("!HII", sec >> 32, sec & 0xFFFFFFFF, ns)


def tlv(t, value):
    return struct.pack("!HH", t, len(value)) + value


def layer_fields(p):
    """Field dict of one layer, recursing into packet-holding fields."""
    out = {}
    for f in p.fields_desc:
        v = p.getfieldval(f.name)
        if isinstance(v, list):
            v = [layer_fields(x) if isinstance(x, Packet) else x for x in v]
        elif isinstance(v, Packet):
            v = (type(v).__name__, layer_fields(v))
        out[f.name] = v
    return out


def layers(p):
    out = []
    while p is not None and not isinstance(p, NoPayload):
        out.append((type(p).__name__, layer_fields(p)))
        p = p.payload
    return out


from scapy.packet import NoPayload, Packet  # noqa: E402

# ---------------------------------------------------------------------------
# Header / message vectors
# ---------------------------------------------------------------------------


@test
def vector_sync():
    m = PTPv2(majorSdoId=1, domainNumber=24, minorSdoId=3,
              flags="TWO_STEP+PTP_TIMESCALE", correctionField=ns_to_scaled(
                  "1.5"), clockIdentity=CLK_S, portNumber=1,
              sequenceId=0x1234, logMessageInterval=-3) / \
        PTPSync(originTimestampSeconds=0x123456789A,
                originTimestampNanoseconds=123456789)
    want = hdr(0x0, 44, sdo=1, domain=24, minor_sdo=3, flags=0x0208,
               corr=98304, seq=0x1234, control=0, logint=-3) + \
        ts(0x123456789A, 123456789)
    eq(bytes(m), want, "Sync bytes")
    p = PTPv2(want)
    ok(isinstance(p.payload, PTPSync), "Sync parses to PTPSync")
    eq(p.messageLength, 44, "messageLength")
    eq(p.correctionField, 98304, "correctionField")
    eq(scaled_to_ns(p.correctionField), P.Decimal("1.5"), "scaled_to_ns")
    eq(p.flags.TWO_STEP, True, "TWO_STEP")
    eq(p.clockIdentity, CLK_S, "clockIdentity")
    eq(p.logMessageInterval, -3, "logMessageInterval")
    eq(p[PTPSync].originTimestampSeconds, 0x123456789A, "seconds")


@test
def vector_negative_correction_and_auto_fields():
    m = PTPv2(correctionField=-ns_to_scaled(1000), sequenceId=1,
              clockIdentity=CLK_S) / \
        PTPDelayReq(originTimestampSeconds=1, originTimestampNanoseconds=2)
    # Delay_Req: controlField 1, logMessageInterval 0x7F
    want = hdr(0x1, 44, corr=-65536000, seq=1, control=1, logint=0x7F) + \
        ts(1, 2)
    eq(bytes(m), want, "Delay_Req bytes")
    eq(PTPv2(want).correctionField, -65536000, "negative correction")
    # explicit values override the automatic ones
    m2 = PTPv2(messageLength=99, controlField=7, logMessageInterval=1) / \
        PTPDelayReq()
    b = bytes(m2)
    eq(struct.unpack("!H", b[2:4])[0], 99, "explicit messageLength")
    eq(b[32], 7, "explicit controlField")
    eq(b[33], 1, "explicit logMessageInterval")
    controls = {PTPSync: 0, PTPDelayReq: 1, PTPFollowUp: 2, PTPDelayResp: 3,
                PTPManagement: 4, PTPAnnounce: 5, PTPSignaling: 5,
                PTPPdelayReq: 5, PTPPdelayResp: 5, PTPPdelayRespFollowUp: 5}
    for cls, c in controls.items():
        eq(bytes(PTPv2() / cls())[32], c, "controlField of %s" % cls.__name__)


@test
def vector_announce():
    m = PTPv2(domainNumber=0, sequenceId=9, logMessageInterval=1,
              clockIdentity=CLK_S,
              flags="UTC_OFFSET_VALID+PTP_TIMESCALE+TIME_TRACEABLE+"
              "FREQUENCY_TRACEABLE") / PTPAnnounce(
        originTimestampSeconds=1700000000, originTimestampNanoseconds=5,
        currentUtcOffset=37, grandmasterPriority1=128, clockClass=6,
        clockAccuracy=0x21, offsetScaledLogVariance=0x4E5D,
        grandmasterPriority2=127, grandmasterIdentity=CLK2_S,
        stepsRemoved=2, timeSource=0x20)
    body = ts(1700000000, 5) + struct.pack(
        "!hBBBBHB8sHB", 37, 0, 128, 6, 0x21, 0x4E5D, 127, CLK2, 2, 0x20)
    want = hdr(0xB, 64, flags=0x003C, seq=9, control=5, logint=1) + body
    eq(len(body), 30, "announce body length")
    eq(bytes(m), want, "Announce bytes")
    p = PTPv2(want)
    eq(layers(p), layers(m.__class__(bytes(m))), "Announce parse")
    eq(p[PTPAnnounce].grandmasterIdentity, CLK2_S, "gmIdentity")
    eq(p[PTPAnnounce].currentUtcOffset, 37, "utc offset")


@test
def vector_responses_and_pdelay():
    req = struct.pack("!8sH", CLK2, 7)
    cases = [
        (PTPDelayResp(receiveTimestampSeconds=10,
                      receiveTimestampNanoseconds=20,
                      requestingClockIdentity=CLK2_S,
                      requestingPortNumber=7), 0x9, 54, 3, 0x7F,
         ts(10, 20) + req),
        (PTPPdelayResp(requestReceiptTimestampSeconds=10,
                       requestReceiptTimestampNanoseconds=20,
                       requestingClockIdentity=CLK2_S,
                       requestingPortNumber=7), 0x3, 54, 5, 0x7F,
         ts(10, 20) + req),
        (PTPPdelayRespFollowUp(responseOriginTimestampSeconds=10,
                               responseOriginTimestampNanoseconds=20,
                               requestingClockIdentity=CLK2_S,
                               requestingPortNumber=7), 0xA, 54, 5, 0x7F,
         ts(10, 20) + req),
        (PTPPdelayReq(originTimestampSeconds=10,
                      originTimestampNanoseconds=20), 0x2, 54, 5, 0x7F,
         ts(10, 20) + b"\x00" * 10),
        (PTPFollowUp(preciseOriginTimestampSeconds=10,
                     preciseOriginTimestampNanoseconds=20), 0x8, 44, 2, 0,
         ts(10, 20)),
    ]
    for body, mtype, length, control, logint, want_body in cases:
        m = PTPv2(clockIdentity=CLK_S, sequenceId=3) / body
        want = hdr(mtype, length, seq=3, control=control, logint=logint) + \
            want_body
        eq(bytes(m), want, "%s bytes" % type(body).__name__)
        p = PTPv2(want)
        eq(type(p.payload), type(body), "dissected class")
        eq(bytes(p), want, "%s rebuild" % type(body).__name__)


@test
def vector_signaling_management_headers():
    m = PTPv2(sequenceId=5, clockIdentity=CLK_S) / PTPSignaling(
        targetClockIdentity=CLK2_S, targetPortNumber=0xFFFF)
    eq(bytes(m), hdr(0xC, 44, seq=5, control=5, logint=0x7F) +
       struct.pack("!8sH", CLK2, 0xFFFF), "Signaling without TLVs")
    m = PTPv2(sequenceId=5, clockIdentity=CLK_S) / PTPManagement(
        targetClockIdentity="ffffff.ffff.ffffff", targetPortNumber=0xFFFF,
        startingBoundaryHops=4, boundaryHops=3, actionField="RESPONSE",
        tlvs=[PTPTLVManagement(managementId=0x2001)])
    want = hdr(0xD, 54, seq=5, control=4, logint=0x7F) + \
        struct.pack("!8sHBBBB", b"\xff" * 8, 0xFFFF, 4, 3, 2, 0) + \
        tlv(0x0001, struct.pack("!H", 0x2001))
    eq(bytes(m), want, "Management GET-style, empty dataField")
    p = PTPv2(want)
    t = p[PTPManagement].tlvs[0]
    eq(type(t), PTPTLVManagement, "management TLV class")
    eq(t.dataField, None, "empty dataField")
    eq(p[PTPManagement].actionField, 2, "actionField")


# ---------------------------------------------------------------------------
# TLV vectors
# ---------------------------------------------------------------------------

TLV_VECTORS = []


def tlv_vector(layer, raw, cls):
    TLV_VECTORS.append((layer, raw, cls))


def _mgmt(mid, data_layer, data_raw, data_cls):
    tlv_vector(PTPTLVManagement(managementId=mid, dataField=data_layer),
               tlv(0x0001, struct.pack("!H", mid) + data_raw), data_cls)


_mgmt(0x2000, PTPMgmtDefaultDataSet(
    flags="TSC+SO", numberPorts=2, priority1=100, clockClass=6,
    clockAccuracy=0x22, offsetScaledLogVariance=0x1234, priority2=101,
    clockIdentity=CLK_S, domainNumber=44),
    struct.pack("!BBHBBBHB8sBB", 3, 0, 2, 100, 6, 0x22, 0x1234, 101, CLK, 44,
                0), PTPMgmtDefaultDataSet)
_mgmt(0x2001, PTPMgmtCurrentDataSet(
    stepsRemoved=3, offsetFromMaster=-ns_to_scaled(250),
    meanPathDelay=ns_to_scaled(1234.5)),
    struct.pack("!Hqq", 3, -250 * 65536, int(1234.5 * 65536)),
    PTPMgmtCurrentDataSet)
_mgmt(0x2002, PTPMgmtParentDataSet(
    parentClockIdentity=CLK2_S, parentPortNumber=2, flags="PS",
    observedParentOffsetScaledLogVariance=0xABCD,
    observedParentClockPhaseChangeRate=-5, grandmasterPriority1=1,
    grandmasterClockClass=7, grandmasterClockAccuracy=0x20,
    grandmasterOffsetScaledLogVariance=0x4000, grandmasterPriority2=2,
    grandmasterIdentity=CLK_S),
    struct.pack("!8sHBBHiBBBHB8s", CLK2, 2, 1, 0, 0xABCD, -5, 1, 7, 0x20,
                0x4000, 2, CLK), PTPMgmtParentDataSet)
_mgmt(0x2003, PTPMgmtTimePropertiesDataSet(
    currentUtcOffset=37, flags="LI_59+UTC_OFFSET_VALID+FREQUENCY_TRACEABLE",
    timeSource=0x20),
    struct.pack("!hBB", 37, 0x26, 0x20), PTPMgmtTimePropertiesDataSet)
_mgmt(0x2004, PTPMgmtPortDataSet(
    clockIdentity=CLK_S, portNumber=1, portState="SLAVE",
    logMinDelayReqInterval=-4, peerMeanPathDelay=ns_to_scaled(77),
    logAnnounceInterval=1, announceReceiptTimeout=3, logSyncInterval=-7,
    delayMechanism="P2P", logMinPdelayReqInterval=-3, versionNumber=2),
    struct.pack("!8sHBbqbBbBbB", CLK, 1, 9, -4, 77 * 65536, 1, 3, -7, 2, -3,
                0x02), PTPMgmtPortDataSet)
_mgmt(0xC000, PTPMgmtTimeStatusNP(
    master_offset=-123, ingress_time=1700000000123456789,
    cumulativeScaledRateOffset=-1000, scaledLastGmPhaseChange=17,
    gmTimeBaseIndicator=4, nanoseconds_msb=1, nanoseconds_lsb=2**63 + 5,
    fractional_nanoseconds=0x8000, gmPresent=1, gmIdentity=CLK2_S),
    struct.pack("!qqiiHHQHi8s", -123, 1700000000123456789, -1000, 17, 4, 1,
                2**63 + 5, 0x8000, 1, CLK2), PTPMgmtTimeStatusNP)
# unknown managementId with data -> raw bytes
_mgmt(0x2005, PTPMgmtRawData(data=b"\x80\x00"),
      b"\x80\x00", PTPMgmtRawData)
tlv_vector(PTPTLVManagementErrorStatus(managementErrorId="NO_SUCH_ID",
                                       managementId=0x2004),
           tlv(0x0002, struct.pack("!HHI", 2, 0x2004, 0)),
           PTPTLVManagementErrorStatus)
tlv_vector(PTPTLVManagementErrorStatus(managementErrorId=0xFFFE,
                                       managementId=0x2000,
                                       displayData=b"oops"),
           tlv(0x0002, struct.pack("!HHIB", 0xFFFE, 0x2000, 0, 4) + b"oops" +
               b"\x00"), PTPTLVManagementErrorStatus)
tlv_vector(PTPTLVOrganizationExtension(organizationId=0x001B19,
                                       organizationSubType=0x000102,
                                       dataField=b"\x01\x02\x03\x04"),
           tlv(0x0003, b"\x00\x1b\x19\x00\x01\x02\x01\x02\x03\x04"),
           PTPTLVOrganizationExtension)
tlv_vector(PTPTLVOrganizationExtension(tlvType=0x8000, organizationId=1,
                                       organizationSubType=2),
           tlv(0x8000, b"\x00\x00\x01\x00\x00\x02"),
           PTPTLVOrganizationExtension)
tlv_vector(PTPTLVOrganizationExtension(tlvType=0x4000, organizationId=1,
                                       organizationSubType=2, dataField=b"z"
                                       * 4),
           tlv(0x4000, b"\x00\x00\x01\x00\x00\x02zzzz"),
           PTPTLVOrganizationExtension)
tlv_vector(PTPTLVFollowUpInfo(cumulativeScaledRateOffset=-2,
                              gmTimeBaseIndicator=3, nanoseconds_msb=4,
                              nanoseconds_lsb=5, fractional_nanoseconds=6,
                              scaledLastGmFreqChange=-7),
           tlv(0x0003, b"\x00\x80\xc2\x00\x00\x01" + struct.pack(
               "!iHHQHi", -2, 3, 4, 5, 6, -7)), PTPTLVFollowUpInfo)
tlv_vector(PTPTLVRequestUnicast(messageType="Announce",
                                logInterMessagePeriod=-2, durationField=60),
           tlv(0x0004, struct.pack("!BbI", 0xB0, -2, 60)),
           PTPTLVRequestUnicast)
tlv_vector(PTPTLVGrantUnicast(messageType="Delay_Resp",
                              logInterMessagePeriod=-4, durationField=300,
                              flags="RENEWAL_INVITED"),
           tlv(0x0005, struct.pack("!BbIBB", 0x90, -4, 300, 0, 1)),
           PTPTLVGrantUnicast)
tlv_vector(PTPTLVCancelUnicast(messageType="Sync"),
           tlv(0x0006, b"\x00\x00"), PTPTLVCancelUnicast)
tlv_vector(PTPTLVAckCancelUnicast(messageType="Pdelay_Resp"),
           tlv(0x0007, b"\x30\x00"), PTPTLVAckCancelUnicast)
tlv_vector(PTPTLVPathTrace(pathSequence=[CLK_S, CLK2_S]),
           tlv(0x0008, CLK + CLK2), PTPTLVPathTrace)
tlv_vector(PTPTLV(tlvType=0x7F00, value=b"\xde\xad\xbe\xef"),
           tlv(0x7F00, b"\xde\xad\xbe\xef"), PTPTLV)


@test
def vector_tlvs():
    for layer, raw, cls in TLV_VECTORS:
        name = type(layer).__name__
        eq(bytes(layer), raw, "%s bytes" % name)
        p = PTPTLV(raw)
        if cls in (P.PTPMgmtRawData,) or issubclass(cls, P._PTPMgmtData):
            eq(type(p), PTPTLVManagement, "%s dispatch" % name)
            eq(type(p.dataField), cls, "%s dataField class" % name)
        else:
            eq(type(p), cls, "%s dispatch" % name)
        eq(bytes(p), raw, "%s rebuild" % name)
        eq(layer_fields(p), layer_fields(PTPTLV(bytes(layer))),
           "%s fields" % name)


@test
def tlv_field_values():
    p = PTPTLV(tlv(0x0005, struct.pack("!BbIBB", 0x90, -4, 300, 0, 1)))
    eq((p.messageType, p.logInterMessagePeriod, p.durationField,
        bool(p.flags.RENEWAL_INVITED)), (9, -4, 300, True), "grant fields")
    p = PTPTLV(tlv(0x0001, struct.pack("!H", 0x2004) + struct.pack(
        "!8sHBbqbBbBbB", CLK, 1, 9, -4, 77 * 65536, 1, 3, -7, 2, -3, 0x02)))
    d = p.dataField
    eq((d.clockIdentity, d.portState, d.logMinDelayReqInterval,
        d.peerMeanPathDelay, d.logSyncInterval, d.delayMechanism,
        d.versionNumber), (CLK_S, 9, -4, 77 * 65536, -7, 2, 2),
       "PORT_DATA_SET fields")
    p = PTPTLV(tlv(0x0002, struct.pack("!HHIB", 0xFFFE, 0x2000, 0, 4) +
                   b"oops\x00"))
    eq((p.managementErrorId, p.displayData, p.pad), (0xFFFE, b"oops",
                                                    b"\x00"), "error TLV")
    p = PTPTLV(tlv(0x0008, CLK + CLK2))
    eq(p.pathSequence, [CLK_S, CLK2_S], "path trace")


@test
def tlv_length_fallbacks():
    # a known type whose length does not fit stays a raw TLV (and rebuilds)
    for raw in (tlv(0x0005, b"\x00" * 6),            # GRANT must be 8
                tlv(0x0004, b"\x00" * 8),            # REQUEST must be 6
                tlv(0x0008, b"\x00" * 12),           # PATH_TRACE 8n
                tlv(0x0006, b"\x00" * 4),            # CANCEL must be 2
                tlv(0x0001, b"\x20"),                # MANAGEMENT >= 2
                struct.pack("!HH", 0x0008, 16) + CLK):   # overruns
        p = PTPTLV(raw)
        eq(type(p), PTPTLV, "fallback for %s" % raw.hex())
        eq(bytes(p), raw, "fallback rebuild %s" % raw.hex())
    # a data set whose size does not match is raw data
    p = PTPTLV(tlv(0x0001, struct.pack("!H", 0x2003) + b"\x00" * 6))
    eq(type(p.dataField), PTPMgmtRawData, "odd-sized data set")
    # org extension 00-80-C2/1 of another length is a generic org TLV
    p = PTPTLV(tlv(0x0003, b"\x00\x80\xc2\x00\x00\x01" + b"\x00" * 4))
    eq(type(p), PTPTLVOrganizationExtension, "short 802.1AS TLV")


@test
def tlv_list_in_messages():
    all_tlvs = [layer for layer, _, _ in TLV_VECTORS]
    raw_tlvs = b"".join(raw for _, raw, _ in TLV_VECTORS)
    for cls in (PTPSync, PTPDelayReq, PTPPdelayReq, PTPPdelayResp,
                PTPFollowUp, PTPDelayResp, PTPPdelayRespFollowUp,
                PTPAnnounce, PTPSignaling, PTPManagement):
        body = cls(tlvs=[t.copy() for t in all_tlvs])
        m = PTPv2(sequenceId=77) / body
        b = bytes(m)
        fixed = 34 + P.PTP_BODY_LENGTHS[P.PTP_BODY_TYPES[cls]]
        eq(struct.unpack("!H", b[2:4])[0], len(b), "%s length" % cls.__name__)
        eq(b[fixed:], raw_tlvs, "%s TLV bytes" % cls.__name__)
        p = PTPv2(b)
        eq([type(t) for t in p.payload.tlvs],
           [type(t) for t in PTPv2(b).payload.tlvs], "types")
        eq(len(p.payload.tlvs), len(all_tlvs), "%s TLV count" % cls.__name__)
        eq(bytes(p), b, "%s rebuild" % cls.__name__)
        eq(layers(p), layers(PTPv2(bytes(p))), "%s fields" % cls.__name__)


@test
def clock_identity_forms():
    for v in (CLK_S, "00:11:22:ff:fe:33:44:55", "00-11-22-FF-FE-33-44-55",
              "001122fffe334455", CLK, 0x001122FFFE334455):
        eq(clock_identity(v), CLK_S, "clock_identity(%r)" % (v,))
        eq(bytes(PTPv2(clockIdentity=v))[20:28], CLK, "header clk %r" % (v,))


@test
def helpers():
    eq(ns_to_scaled(1), 65536, "ns_to_scaled(1)")
    eq(ns_to_scaled("-0.5"), -32768, "ns_to_scaled(-0.5)")
    eq(split_timestamp("1700000000.000000001"), (1700000000, 1), "split")
    eq(split_timestamp(12), (12, 0), "split int")
    eq(multicast_mac("224.0.1.129"), "01:00:5e:00:01:81", "v4 mcast mac")
    eq(multicast_mac("224.0.0.107"), "01:00:5e:00:00:6b", "v4 peer mac")
    eq(multicast_mac("ff0e::181"), "33:33:00:00:01:81", "v6 mcast mac")
    eq(multicast_mac("ff02::6b"), "33:33:00:00:00:6b", "v6 peer mac")


# ---------------------------------------------------------------------------
# Frames and bindings
# ---------------------------------------------------------------------------


def udp_checksum_ok(frame):
    p = Ether(bytes(frame))
    c = p[UDP].chksum
    q = p.copy()
    q[UDP].chksum = None
    return c != 0 and Ether(bytes(q))[UDP].chksum == c


@test
def frames_addressing():
    event = {PTPSync: True, PTPDelayReq: True, PTPPdelayReq: True,
             PTPPdelayResp: True, PTPFollowUp: False, PTPDelayResp: False,
             PTPPdelayRespFollowUp: False, PTPAnnounce: False,
             PTPSignaling: False, PTPManagement: False}
    peer = (PTPPdelayReq, PTPPdelayResp, PTPPdelayRespFollowUp)
    for cls, ev in event.items():
        pe = cls in peer
        for transport in ("udp4", "udp6", "l2"):
            for vlan in (None, 100):
                f = ptp_frame(cls(), transport, vlan=vlan, prio=5)
                b = bytes(f)
                p = Ether(b)
                what = "%s/%s/%s" % (cls.__name__, transport, vlan)
                ok(PTPv2 in p and isinstance(p[PTPv2].payload, cls),
                   what + " dissects")
                eq(bytes(p), b, what + " rebuild")
                if vlan is not None:
                    eq((p[Dot1Q].vlan, p[Dot1Q].prio), (100, 5), what)
                if transport == "l2":
                    eq(p.dst, "01:80:c2:00:00:0e" if pe else
                       "01:1b:19:00:00:00", what + " dmac")
                    eq((p[Dot1Q] if vlan else p).type, 0x88F7, what)
                    continue
                port = 319 if ev else 320
                eq((p[UDP].sport, p[UDP].dport), (port, port), what)
                ok(udp_checksum_ok(p), what + " UDP checksum")
                if transport == "udp4":
                    eq(p[IP].dst, "224.0.0.107" if pe else "224.0.1.129",
                       what + " dst")
                    eq(p.dst, "01:00:5e:00:00:6b" if pe else
                       "01:00:5e:00:01:81", what + " dmac")
                else:
                    eq(p[IPv6].dst, "ff02::6b" if pe else "ff0e::181",
                       what + " dst")
                    eq(p.dst, "33:33:00:00:00:6b" if pe else
                       "33:33:00:00:01:81", what + " dmac")


@test
def frames_padding_and_sport_binding():
    f = ptp_frame(PTPSync(), "l2", pad=True)
    b = bytes(f)
    eq(len(b), 60, "padded length")
    p = Ether(b)
    eq(len(bytes(p[PTPv2])) - len(bytes(p[PTPv2].payload.payload)), 44,
       "PTP message excludes the padding")
    ok(Padding in p, "padding layer")
    # sport-only binding: a reply to an ephemeral port still dissects
    u = Ether(bytes(Ether() / IP(dst="198.18.0.2") / UDP(sport=320,
                                                          dport=40000) /
                    PTPv2() / PTPDelayResp()))
    ok(PTPDelayResp in u, "UDP sport 320 binding")
    u = Ether(bytes(Ether() / IP() / UDP(sport=40000, dport=319) /
                    PTPv2() / PTPDelayReq()))
    ok(PTPDelayReq in u, "UDP dport 319 binding")
    # no double binding: one guess per key, all to our PTPv2
    for lower, key in ((UDP, "dport"), (UDP, "sport"), (Ether, "type"),
                       (Dot1Q, "type")):
        vals = (319, 320) if key != "type" else (0x88F7,)
        hits = [(fv, up) for fv, up in lower.payload_guess
                if fv.get(key) in vals]
        ok(hits and all(up is PTPv2 for _, up in hits),
           "%s.%s bound only to PTPv2: %r" % (lower.__name__, key, hits))


@test
def malformed_frames_library():
    # ptp_malformed_frame must never raise for messages with timestamps
    for cls in (PTPSync, PTPAnnounce, PTPDelayResp):
        for kind in MALFORMATIONS:
            f = ptp_malformed_frame(cls(), kind, "udp4")
            Ether(bytes(f))     # dissecting must not raise


# ---------------------------------------------------------------------------
# ptp-send
# ---------------------------------------------------------------------------

TMP = tempfile.mkdtemp(prefix="ptpdk-scapy-")

MSGS = {"sync": PTPSync, "delay_req": PTPDelayReq, "pdelay_req": PTPPdelayReq,
        "pdelay_resp": PTPPdelayResp, "follow_up": PTPFollowUp,
        "delay_resp": PTPDelayResp,
        "pdelay_resp_follow_up": PTPPdelayRespFollowUp,
        "announce": PTPAnnounce, "signaling": PTPSignaling,
        "management": PTPManagement}
TYPES = {"sync": 0x0, "delay_req": 0x1, "pdelay_req": 0x2,
         "pdelay_resp": 0x3, "follow_up": 0x8, "delay_resp": 0x9,
         "pdelay_resp_follow_up": 0xA, "announce": 0xB, "signaling": 0xC,
         "management": 0xD}


def _load_ptp_send():
    import importlib.machinery
    import importlib.util
    loader = importlib.machinery.SourceFileLoader("ptp_send", PTP_SEND)
    spec = importlib.util.spec_from_loader("ptp_send", loader)
    mod = importlib.util.module_from_spec(spec)
    loader.exec_module(mod)
    return mod


PTP_SEND_MOD = _load_ptp_send()


class Result:
    def __init__(self, returncode, stdout, stderr):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def run_send(*args, expect=0, subproc=False):
    """Run ptp-send: in this process (fast; the bulk of the tests) or as a
    real subprocess through its shebang interpreter."""
    args = [str(a) for a in args]
    if "--netns" in args and "--pcap" not in args:
        subproc = True      # it re-executes itself: never in this process
    if subproc:
        cmd = [sys.executable, PTP_SEND] + args
        r = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, universal_newlines=True,
                           timeout=60)
        res = Result(r.returncode, r.stdout, r.stderr)
    else:
        import contextlib
        import io
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                rc = PTP_SEND_MOD.main(args)
            except SystemExit as e:
                rc = e.code if isinstance(e.code, int) else 1
        res = Result(rc, out.getvalue(), err.getvalue())
    if expect is not None and res.returncode != expect:
        raise AssertionError("ptp-send %s -> exit %s (want %d)\n%s%s" % (
            " ".join(args), res.returncode, expect, res.stdout, res.stderr))
    return res


def read_pcap(path):
    """Classic pcap reader (independent of scapy) -> list of frame bytes."""
    with open(path, "rb") as f:
        data = f.read()
    magic, _, _, _, _, _, link = struct.unpack("<IHHiIII", data[:24])
    eq(magic, 0xA1B2C3D4, "pcap magic")
    eq(link, 1, "pcap linktype")
    out, off = [], 24
    while off < len(data):
        _, _, incl, orig = struct.unpack("<IIII", data[off:off + 16])
        out.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return out


def split_frame(b):
    """-> dict(ethertype, vlan, proto, sport, dport, udp_len, payload) from
    raw bytes, without scapy."""
    d = {"vlan": None, "sport": None, "dport": None}
    et = struct.unpack("!H", b[12:14])[0]
    off = 14
    if et == 0x8100:
        d["vlan"] = struct.unpack("!H", b[14:16])[0] & 0x0FFF
        et = struct.unpack("!H", b[16:18])[0]
        off = 18
    d["ethertype"] = et
    if et == 0x88F7:
        d["payload"] = b[off:]
        return d
    if et == 0x0800:
        ihl = (b[off] & 0x0F) * 4
        eq(b[off + 9], 17, "IPv4 protocol")
        off += ihl
    elif et == 0x86DD:
        eq(b[off + 6], 17, "IPv6 next header")
        off += 40
    else:
        raise AssertionError("unexpected ethertype %#x" % et)
    d["sport"], d["dport"], ulen = struct.unpack("!HHH", b[off:off + 6])
    d["udp_len"] = ulen
    eq(ulen, len(b) - off, "UDP length covers the rest of the frame")
    d["payload"] = b[off + 8:off + ulen]
    return d


@test
def send_every_message():
    for name, cls in MSGS.items():
        for transport in ("udp4", "udp6", "l2"):
            out = os.path.join(TMP, "%s-%s.pcap" % (name, transport))
            run_send("--pcap", out, "--msg", name, "--transport", transport,
                     "--vlan", 12, "--domain", 44, "--seq", 65534,
                     "--count", 3, "--rate", 10, "--two-step",
                     "--correction-ns", "2.5", "--timestamp",
                     "1700000000.999999999", "--clock-id", CLK_S,
                     "--action", "response", "-q")
            frames = read_pcap(out)
            eq(len(frames), 3, "%s count" % out)
            for i, fr in enumerate(frames):
                what = "%s frame %d" % (out, i)
                d = split_frame(fr)
                pl = d["payload"]
                eq(d["vlan"], 12, what + " vlan")
                eq(pl[0] & 0x0F, TYPES[name], what + " messageType")
                eq(struct.unpack("!H", pl[2:4])[0], len(pl), what + " len")
                eq(pl[4], 44, what + " domain")
                eq(struct.unpack("!H", pl[30:32])[0], (65534 + i) & 0xFFFF,
                   what + " sequenceId increments and wraps")
                eq(struct.unpack("!q", pl[8:16])[0], int(2.5 * 65536),
                   what + " correction")
                eq(pl[20:28], CLK, what + " clockIdentity")
                eq(bool(pl[6] & 0x02), True, what + " twoStep")
                if TYPES[name] not in (0xC, 0xD):
                    sec = struct.unpack("!Q", b"\0\0" + pl[34:40])[0]
                    ns = struct.unpack("!I", pl[40:44])[0]
                    t = 1700000000999999999 + i * 100000000
                    eq((sec, ns), divmod(t, 10 ** 9), what + " timestamp")
                p = Ether(fr)
                ok(isinstance(p[PTPv2].payload, cls), what + " dissects")
                eq(bytes(p), fr, what + " scapy rebuild")
                if UDP in p:
                    ok(udp_checksum_ok(p), what + " UDP checksum")
                    port = 319 if TYPES[name] in (0, 1, 2, 3) else 320
                    eq(d["dport"], port, what + " UDP port")
            if name == "management":
                t = Ether(frames[0])[PTPManagement].tlvs[0]
                eq(type(t.dataField), PTPMgmtDefaultDataSet,
                   "management RESPONSE carries DEFAULT_DATA_SET")


_GOOD = {}


def _good_and_bad(kind, msg, transport):
    common = ["--msg", msg, "--transport", transport, "--timestamp",
              "1700000000.5", "--seq", 42, "-q"]
    good = os.path.join(TMP, "good-%s-%s.pcap" % (msg, transport))
    bad = os.path.join(TMP, "bad-%s-%s-%s.pcap" % (kind, msg, transport))
    if good not in _GOOD:
        run_send("--pcap", good, *common)
        _GOOD[good], = read_pcap(good)
    run_send("--pcap", bad, "--malformed", kind, *common)
    b, = read_pcap(bad)
    return split_frame(_GOOD[good]), split_frame(b)


def _tlv_overrun(pl, body_len):
    """Walk TLVs after the fixed body; True if one runs past the end."""
    off = 34 + body_len
    while off + 4 <= len(pl):
        _, length = struct.unpack("!HH", pl[off:off + 4])
        if off + 4 + length > len(pl):
            return True
        off += 4 + length
    return off != len(pl)


@test
def send_malformed():
    for transport in ("udp4", "udp6", "l2"):
        for msg in ("sync", "delay_resp", "announce", "signaling"):
            mt = TYPES[msg]
            minlen = 34 + P.PTP_BODY_LENGTHS[mt]
            for kind in MALFORMATIONS:
                if kind == "wrong-port" and transport == "l2":
                    r = run_send("--pcap", os.path.join(TMP, "x.pcap"),
                                 "--malformed", kind, "--transport", "l2",
                                 expect=2)
                    ok("UDP" in r.stderr, "wrong-port/l2 refused")
                    continue
                if kind == "bad-timestamp" and msg == "signaling":
                    run_send("--pcap", os.path.join(TMP, "x.pcap"),
                             "--malformed", kind, "--msg", msg, expect=2)
                    continue
                what = "%s %s %s" % (kind, msg, transport)
                g, b = _good_and_bad(kind, msg, transport)
                gp, bp = g["payload"], b["payload"]
                # the good twin is well-formed
                eq(struct.unpack("!H", gp[2:4])[0], len(gp), what + " good")
                eq(gp[1] & 0x0F, 2, what + " good version")
                if kind == "truncated":
                    ok(len(bp) < minlen, what + ": shorter than the body")
                    ok(len(bp) < struct.unpack("!H", bp[2:4])[0],
                       what + ": shorter than messageLength")
                    eq(bp, gp[:len(bp)], what + ": a prefix of the message")
                elif kind == "bad-version":
                    eq(bp[1] & 0x0F, 3, what)
                    eq(bp[:1] + bp[2:], gp[:1] + gp[2:], what + " otherwise")
                elif kind == "length-mismatch":
                    eq(struct.unpack("!H", bp[2:4])[0], len(bp) + 8, what)
                    eq(bp[:2] + bp[4:], gp[:2] + gp[4:], what + " otherwise")
                elif kind == "bad-tlv-length":
                    eq(struct.unpack("!H", bp[2:4])[0], len(bp),
                       what + ": messageLength itself is right")
                    ok(not _tlv_overrun(gp, P.PTP_BODY_LENGTHS[mt]),
                       what + ": good TLVs fit")
                    ok(_tlv_overrun(bp, P.PTP_BODY_LENGTHS[mt]),
                       what + ": a TLV runs past the end")
                    eq(bp[4:len(gp)], gp[4:], what + ": original kept")
                elif kind == "unknown-type":
                    ok(bp[0] & 0x0F in (4, 5, 6, 7, 0xE, 0xF), what)
                    eq(bp[0] & 0x08, gp[0] & 0x08, what + ": same class")
                    eq(bp[1:], gp[1:], what + " otherwise")
                    eq(b["dport"], g["dport"], what + " port kept")
                elif kind == "wrong-port":
                    want = 320 if mt in (0, 1, 2, 3) else 319
                    eq((b["sport"], b["dport"]), (want, want), what)
                    eq(bp, gp, what + ": message unchanged")
                elif kind == "bad-timestamp":
                    ns = struct.unpack("!I", bp[40:44])[0]
                    ok(ns >= 10 ** 9, what + ": ns %d" % ns)
                    eq(bp[:40] + bp[44:], gp[:40] + gp[44:],
                       what + " otherwise")
                # scapy must dissect (or fall back to Raw) without raising
                Ether(read_pcap(os.path.join(TMP, "bad-%s-%s-%s.pcap" % (
                    kind, msg, transport)))[0])


@test
def send_refusals():
    x = os.path.join(TMP, "r.pcap")
    for args, text in (
            (["--pcap", x, "--dst", "8.8.8.8"], "refusing destination"),
            (["--pcap", x, "--transport", "udp6", "--dst", "2001:db8::1"],
             "refusing destination"),
            (["--pcap", x, "--count", 1000001], "--count"),
            (["--pcap", x, "--rate", 100001], "--rate"),
            (["--pcap", x, "--seconds", 100000], "--seconds"),
            (["--pcap", x, "--netns", "foo"], "--netns"),
            (["--msg", "sync"], "--iface")):
        r = run_send(*args, expect=2)
        ok(text in r.stderr, "%r: stderr %r lacks %r" % (args, r.stderr,
                                                        text))
    # through the real script: `lo` here is refused before any socket opens
    # (this namespace is the initial one or cannot be told apart from it)
    r = run_send("--iface", "lo", "--count", 1, expect=2, subproc=True)
    ok("refusing to send on 'lo'" in r.stderr, r.stderr)
    r = run_send("--pcap", x, "--dst", "8.8.8.8", expect=2, subproc=True)
    ok("refusing destination" in r.stderr, r.stderr)
    for dst in ("224.0.1.129", "198.18.0.7", "198.19.255.254"):
        run_send("--pcap", x, "--dst", dst, "-q")
    run_send("--pcap", x, "--transport", "udp6", "--dst", "ff0e::181", "-q")
    r = run_send("--help", subproc=True)
    ok("--malformed" in r.stdout and "--netns" in r.stdout, "--help")
    # bounded stream: --seconds with --rate caps the frame count
    run_send("--pcap", x, "--rate", 1000, "--seconds", 0.05, "-q")
    eq(len(read_pcap(x)), 50, "rate x seconds frames")


@test
def send_live_in_scratch_netns():
    """Root only: in a named namespace created (and deleted) here, holding
    lo and a veth pair whose one end is called eth0, ptp-send --netns
    refuses eth0 by name and sends a short burst on that namespace's lo."""
    if os.geteuid() != 0 or not shutil.which("ip"):
        print("  (skipped: needs root and iproute2)")
        return
    ns = "ptpdk-scapy-%d" % os.getpid()
    sh = lambda *c: subprocess.run(c, stdout=subprocess.DEVNULL,  # noqa
                                   stderr=subprocess.DEVNULL).returncode
    if sh("ip", "netns", "add", ns) != 0:
        print("  (skipped: cannot create a network namespace)")
        return
    try:
        if sh("ip", "-n", ns, "link", "set", "lo", "up") != 0 or \
                sh("ip", "-n", ns, "link", "add", "eth0", "type", "veth",
                   "peer", "name", "ptpdk-t1") != 0:
            print("  (skipped: cannot set up links in %s)" % ns)
            return
        r = run_send("--netns", ns, "--iface", "eth0", expect=2,
                     subproc=True)
        ok("refusing to send on eth0" in r.stderr, r.stderr)
        r = run_send("--netns", ns, "--iface", "lo", "--transport", "l2",
                     "--msg", "announce", "--count", 5, "--rate", 1000,
                     subproc=True)
        ok("sent 5 frame(s) on lo" in r.stdout, r.stdout + r.stderr)
    finally:
        sh("ip", "netns", "del", ns)


def main():
    failed = 0
    try:
        for fn in TESTS:
            try:
                fn()
            except Exception:
                failed += 1
                print("FAIL %s" % fn.__name__)
                traceback.print_exc(file=sys.stdout)
            else:
                print("ok   %s" % fn.__name__)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)
    print("%d/%d passed" % (len(TESTS) - failed, len(TESTS)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
