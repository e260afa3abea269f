# SPDX-License-Identifier: BSD-3-Clause
"""Scapy layers for IEEE 1588-2008 (PTPv2) messages and TLVs, for ptpdk.

Written for scapy 2.5 (Debian 12's python3-scapy); always run it with the
Debian interpreter, ``/usr/bin/python3``.

Interactive use::

    /usr/bin/python3 -c "import sys; sys.path.insert(0, 'scripts'); \\
        from ptpdk_scapy import *; \\
        m = PTPv2(domainNumber=24, sequenceId=7, flags='TWO_STEP') / \\
            PTPSync(originTimestampSeconds=1700000000); \\
        f = ptp_frame(m, transport='udp4', vlan=100); f.show2()"

    # a scapy shell with the layers loaded:
    /usr/bin/python3 scripts/ptpdk_scapy.py

    # reading a capture:
    /usr/bin/python3 -c "import sys; sys.path.insert(0, 'scripts'); \\
        from ptpdk_scapy import *; \\
        [p[PTPv2].show() for p in rdpcap('cap.pcap') if PTPv2 in p]"

``from ptpdk_scapy import *`` also brings Ether, Dot1Q, IP, IPv6, UDP, Raw,
Padding, sendp, rdpcap, wrpcap, hexdump and ls.

Layers
------
``PTPv2`` is the 34-byte common header.  Its payload is one message body
layer chosen by ``messageType``:

====================  =====  ==========================================
class                 type   body fields (then ``tlvs``)
====================  =====  ==========================================
PTPSync               0x0    originTimestamp
PTPDelayReq           0x1    originTimestamp
PTPPdelayReq          0x2    originTimestamp, 10 reserved bytes
PTPPdelayResp         0x3    requestReceiptTimestamp, requestingPortIdentity
PTPFollowUp           0x8    preciseOriginTimestamp
PTPDelayResp          0x9    receiveTimestamp, requestingPortIdentity
PTPPdelayRespFollowUp 0xA    responseOriginTimestamp, requestingPortIdentity
PTPAnnounce           0xB    originTimestamp, utc offset, GM attributes...
PTPSignaling          0xC    targetPortIdentity
PTPManagement         0xD    targetPortIdentity, hops, actionField
====================  =====  ==========================================

Field naming: 80-bit timestamps are split into ``<name>Seconds`` (48 bit)
and ``<name>Nanoseconds`` (32 bit); PortIdentity fields are flattened into
``<prefix>ClockIdentity`` / ``<prefix>PortNumber`` (``clockIdentity`` /
``portNumber`` for the header's sourcePortIdentity).  ClockIdentity values
are shown as ``001122.fffe.334455`` and accept that form, colon/dash
separated hex, 8 raw bytes or an int.  ``correctionField`` is the raw
scaled-nanosecond value (ns * 2**16); see ``ns_to_scaled``.

Every message body ends with ``tlvs``, a list of TLV layers dissected by
``tlvType`` (``PTPTLV`` is the generic/raw TLV and dispatches on parse):
PTPTLVManagement (data sets PTPMgmtDefaultDataSet, PTPMgmtCurrentDataSet,
PTPMgmtParentDataSet, PTPMgmtTimePropertiesDataSet, PTPMgmtPortDataSet,
PTPMgmtTimeStatusNP, else PTPMgmtRawData), PTPTLVManagementErrorStatus,
PTPTLVOrganizationExtension (0x0003/0x4000/0x8000), PTPTLVFollowUpInfo
(802.1AS), PTPTLVRequestUnicast, PTPTLVGrantUnicast, PTPTLVCancelUnicast,
PTPTLVAckCancelUnicast, PTPTLVPathTrace.  A TLV whose lengthField does
not fit its type's layout is kept as a raw ``PTPTLV`` so that bytes always
round-trip.

Left as ``None``, these are computed when building: ``PTPv2.messageLength``
(whole message incl. TLVs), ``PTPv2.controlField`` (from messageType),
``PTPv2.logMessageInterval`` (0x7F where the standard says so, else 0),
every TLV ``lengthField`` and the PTPText pad byte of
MANAGEMENT_ERROR_STATUS.  When dissecting, bytes after ``messageLength``
become scapy Padding.

Bindings: UDP sport or dport 319/320, Ether and Dot1Q type 0x88F7.  Any
other layer bound to those (e.g. a later scapy's contrib PTP module) is
unbound at import so that dissection always yields these classes.

Helpers
-------
``ptp_frame(msg, transport='udp4'|'udp6'|'l2', vlan=None, ...)`` wraps a
message into Ether[/Dot1Q]/IP/UDP (or Ether type 0x88F7) addressed to the
standard multicast groups (peer-delay messages to the peer-delay groups),
event messages on UDP 319, general ones on 320.
``ptp_malformed_frame(msg, kind, ...)`` builds one of the invalid frames of
``MALFORMATIONS``.  ``ns_to_scaled``, ``scaled_to_ns``, ``split_timestamp``.
"""

import struct
from decimal import Decimal

from scapy.fields import (
    BitEnumField, BitField, ByteEnumField, ByteField, Field, FieldListField,
    FlagsField, IntField, PacketLenField, PacketListField, ShortEnumField,
    ShortField, SignedByteField, SignedIntField, SignedLongField,
    SignedShortField, StrField, StrFixedLenField, StrLenField, X3BytesField,
    XByteField, XIntField, XShortEnumField,
)
from scapy.layers.inet import IP, UDP
from scapy.layers.inet6 import IPv6
from scapy.layers.l2 import Dot1Q, Ether
from scapy.packet import (
    Packet, Padding, Raw, bind_bottom_up, bind_layers, bind_top_down, ls,
    split_bottom_up,
)
from scapy.sendrecv import sendp
from scapy.utils import hexdump, rdpcap, wrpcap
from scapy.volatile import RandBin, VolatileValue

__all__ = [
    # header and messages
    "PTPv2", "PTPSync", "PTPDelayReq", "PTPPdelayReq", "PTPPdelayResp",
    "PTPFollowUp", "PTPDelayResp", "PTPPdelayRespFollowUp", "PTPAnnounce",
    "PTPSignaling", "PTPManagement",
    # TLVs
    "PTPTLV", "PTPTLVManagement", "PTPTLVManagementErrorStatus",
    "PTPTLVOrganizationExtension", "PTPTLVFollowUpInfo",
    "PTPTLVRequestUnicast", "PTPTLVGrantUnicast", "PTPTLVCancelUnicast",
    "PTPTLVAckCancelUnicast", "PTPTLVPathTrace",
    # management data sets
    "PTPMgmtRawData", "PTPMgmtDefaultDataSet", "PTPMgmtCurrentDataSet",
    "PTPMgmtParentDataSet", "PTPMgmtTimePropertiesDataSet",
    "PTPMgmtPortDataSet", "PTPMgmtTimeStatusNP",
    # fields and constants
    "ClockIdentityField", "PTP_MESSAGE_TYPES", "PTP_TLV_TYPES",
    "PTP_MANAGEMENT_IDS", "PTP_MANAGEMENT_ERRORS", "PTP_ACTIONS",
    "PTP_EVENT_TYPES", "PTP_PEER_TYPES", "PTP_BODY_LENGTHS",
    "PTP_BODY_CLASSES", "PTP_BODY_TYPES", "PTP_MGMT_DATA_CLASSES",
    "PTP_EVENT_PORT", "PTP_GENERAL_PORT", "PTP_ETHERTYPE",
    "PTP_MCAST", "MALFORMATIONS",
    # helpers
    "ptp_frame", "ptp_malformed_frame", "ptp_is_event", "ptp_is_peer",
    "ns_to_scaled", "scaled_to_ns", "split_timestamp", "clock_identity",
    "multicast_mac",
    # re-exported scapy names, handy after ``from ptpdk_scapy import *``
    "Ether", "Dot1Q", "IP", "IPv6", "UDP", "Raw", "Padding", "sendp",
    "rdpcap", "wrpcap", "hexdump", "ls",
]

# ---------------------------------------------------------------------------
# Constants (IEEE 1588-2008 tables; linuxptp for *_NP)
# ---------------------------------------------------------------------------

PTP_EVENT_PORT = 319
PTP_GENERAL_PORT = 320
PTP_ETHERTYPE = 0x88F7

PTP_MESSAGE_TYPES = {
    0x0: "Sync", 0x1: "Delay_Req", 0x2: "Pdelay_Req", 0x3: "Pdelay_Resp",
    0x8: "Follow_Up", 0x9: "Delay_Resp", 0xA: "Pdelay_Resp_Follow_Up",
    0xB: "Announce", 0xC: "Signaling", 0xD: "Management",
}
PTP_EVENT_TYPES = frozenset((0x0, 0x1, 0x2, 0x3))
PTP_PEER_TYPES = frozenset((0x2, 0x3, 0xA))
# Length of the fixed message body (after the 34-byte header) per type.
PTP_BODY_LENGTHS = {0x0: 10, 0x1: 10, 0x2: 20, 0x3: 20, 0x8: 10, 0x9: 20,
                    0xA: 20, 0xB: 30, 0xC: 10, 0xD: 14}

# Multicast destinations: (event/general, peer-delay) per transport.
PTP_MCAST = {
    "udp4": ("224.0.1.129", "224.0.0.107"),
    "udp6": ("ff0e::181", "ff02::6b"),
    "l2": ("01:1b:19:00:00:00", "01:80:c2:00:00:0e"),
}

# Bit 0 is the LSB of the 16-bit value, i.e. bit 0 of flagField octet 1;
# bits 8..15 are octet 0.
PTP_FLAG_NAMES = [
    "LI_61", "LI_59", "UTC_OFFSET_VALID", "PTP_TIMESCALE", "TIME_TRACEABLE",
    "FREQUENCY_TRACEABLE", "SYNC_UNCERTAIN", "reserved7",
    "ALTERNATE_MASTER", "TWO_STEP", "UNICAST", "reserved11", "reserved12",
    "PROFILE_SPECIFIC_1", "PROFILE_SPECIFIC_2", "SECURITY",
]

_CONTROL_FIELD = {0x0: 0, 0x1: 1, 0x8: 2, 0x9: 3, 0xD: 4}
_LOG_INTERVAL_7F = frozenset((0x1, 0x2, 0x3, 0x9, 0xA, 0xC, 0xD))

PTP_TLV_TYPES = {
    0x0001: "MANAGEMENT",
    0x0002: "MANAGEMENT_ERROR_STATUS",
    0x0003: "ORGANIZATION_EXTENSION",
    0x0004: "REQUEST_UNICAST_TRANSMISSION",
    0x0005: "GRANT_UNICAST_TRANSMISSION",
    0x0006: "CANCEL_UNICAST_TRANSMISSION",
    0x0007: "ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION",
    0x0008: "PATH_TRACE",
    0x0009: "ALTERNATE_TIME_OFFSET_INDICATOR",
    0x2000: "AUTHENTICATION",
    0x2001: "AUTHENTICATION_CHALLENGE",
    0x2002: "SECURITY_ASSOCIATION_UPDATE",
    0x2003: "CUM_FREQ_SCALE_FACTOR_OFFSET",
    0x4000: "ORGANIZATION_EXTENSION_PROPAGATE",
    0x8000: "ORGANIZATION_EXTENSION_DO_NOT_PROPAGATE",
}
_ORG_EXT_TYPES = frozenset((0x0003, 0x4000, 0x8000))

PTP_MANAGEMENT_IDS = {
    0x0000: "NULL_MANAGEMENT", 0x0001: "CLOCK_DESCRIPTION",
    0x0002: "USER_DESCRIPTION", 0x0003: "SAVE_IN_NON_VOLATILE_STORAGE",
    0x0004: "RESET_NON_VOLATILE_STORAGE", 0x0005: "INITIALIZE",
    0x0006: "FAULT_LOG", 0x0007: "FAULT_LOG_RESET",
    0x2000: "DEFAULT_DATA_SET", 0x2001: "CURRENT_DATA_SET",
    0x2002: "PARENT_DATA_SET", 0x2003: "TIME_PROPERTIES_DATA_SET",
    0x2004: "PORT_DATA_SET", 0x2005: "PRIORITY1", 0x2006: "PRIORITY2",
    0x2007: "DOMAIN", 0x2008: "SLAVE_ONLY", 0x2009: "LOG_ANNOUNCE_INTERVAL",
    0x200A: "ANNOUNCE_RECEIPT_TIMEOUT", 0x200B: "LOG_SYNC_INTERVAL",
    0x200C: "VERSION_NUMBER", 0x200D: "ENABLE_PORT", 0x200E: "DISABLE_PORT",
    0x200F: "TIME", 0x2010: "CLOCK_ACCURACY", 0x2011: "UTC_PROPERTIES",
    0x2012: "TRACEABILITY_PROPERTIES", 0x2013: "TIMESCALE_PROPERTIES",
    0x2014: "UNICAST_NEGOTIATION_ENABLE", 0x2015: "PATH_TRACE_LIST",
    0x2016: "PATH_TRACE_ENABLE",
    0x4000: "TRANSPARENT_CLOCK_DEFAULT_DATA_SET",
    0x4001: "TRANSPARENT_CLOCK_PORT_DATA_SET", 0x4002: "PRIMARY_DOMAIN",
    0x6000: "DELAY_MECHANISM", 0x6001: "LOG_MIN_PDELAY_REQ_INTERVAL",
    0xC000: "TIME_STATUS_NP",
}

PTP_MANAGEMENT_ERRORS = {
    0x0001: "RESPONSE_TOO_BIG", 0x0002: "NO_SUCH_ID", 0x0003: "WRONG_LENGTH",
    0x0004: "WRONG_VALUE", 0x0005: "NOT_SETABLE", 0x0006: "NOT_SUPPORTED",
    0xFFFE: "GENERAL_ERROR",
}

PTP_ACTIONS = {0: "GET", 1: "SET", 2: "RESPONSE", 3: "COMMAND",
               4: "ACKNOWLEDGE"}

PTP_PORT_STATES = {
    1: "INITIALIZING", 2: "FAULTY", 3: "DISABLED", 4: "LISTENING",
    5: "PRE_MASTER", 6: "MASTER", 7: "PASSIVE", 8: "UNCALIBRATED", 9: "SLAVE",
}
PTP_DELAY_MECHANISMS = {0x01: "E2E", 0x02: "P2P", 0xFE: "DISABLED"}
PTP_TIME_SOURCES = {
    0x10: "ATOMIC_CLOCK", 0x20: "GPS", 0x30: "TERRESTRIAL_RADIO", 0x40: "PTP",
    0x50: "NTP", 0x60: "HAND_SET", 0x90: "OTHER", 0xA0: "INTERNAL_OSCILLATOR",
}
PTP_CLOCK_ACCURACY = {
    0x20: "25ns", 0x21: "100ns", 0x22: "250ns", 0x23: "1us", 0x24: "2.5us",
    0x25: "10us", 0x26: "25us", 0x27: "100us", 0x28: "250us", 0x29: "1ms",
    0x2A: "2.5ms", 0x2B: "10ms", 0x2C: "25ms", 0x2D: "100ms", 0x2E: "250ms",
    0x2F: "1s", 0x30: "10s", 0x31: ">10s", 0xFE: "UNKNOWN",
}

_TIME_PROPERTY_FLAGS = ["LI_61", "LI_59", "UTC_OFFSET_VALID", "PTP_TIMESCALE",
                        "TIME_TRACEABLE", "FREQUENCY_TRACEABLE"]

# ---------------------------------------------------------------------------
# Value helpers
# ---------------------------------------------------------------------------


def ns_to_scaled(ns):
    """Nanoseconds (int, float, Decimal or str) -> scaled ns (ns * 2**16)."""
    return int((Decimal(str(ns)) * 65536).to_integral_value())


def scaled_to_ns(scaled):
    """Scaled nanoseconds -> Decimal nanoseconds."""
    return Decimal(scaled) / 65536


def split_timestamp(t):
    """'SEC.FRAC' string, Decimal, float or int seconds -> (seconds, ns)."""
    d = Decimal(str(t))
    sec = int(d // 1)
    ns = int(((d - sec) * 1000000000).to_integral_value())
    if ns >= 1000000000:
        sec, ns = sec + 1, ns - 1000000000
    return sec, ns


def _clockid_bytes(x):
    if x is None:
        return b"\x00" * 8
    if isinstance(x, (bytes, bytearray)):
        if len(x) != 8:
            raise ValueError("clockIdentity must be 8 bytes, got %d" % len(x))
        return bytes(x)
    if isinstance(x, int):
        return struct.pack("!Q", x & 0xFFFFFFFFFFFFFFFF)
    if isinstance(x, str):
        h = x.strip().lower()
        for sep in (":", ".", "-"):
            h = h.replace(sep, "")
        if h.startswith("0x"):
            h = h[2:]
        b = bytes.fromhex(h)
        if len(b) != 8:
            raise ValueError("bad clockIdentity %r" % x)
        return b
    raise TypeError("cannot make a clockIdentity from %r" % (x,))


def clock_identity(x):
    """Normalise a clockIdentity (str/bytes/int) to 'xxxxxx.xxxx.xxxxxx'."""
    h = _clockid_bytes(x).hex()
    return "%s.%s.%s" % (h[0:6], h[6:10], h[10:16])


class ClockIdentityField(Field):
    """8-byte clockIdentity, internally a 'xxxxxx.xxxx.xxxxxx' string."""

    def __init__(self, name, default):
        if default is not None:
            default = clock_identity(default)
        Field.__init__(self, name, default, "8s")

    def h2i(self, pkt, x):
        if x is None or isinstance(x, VolatileValue):
            return x
        return clock_identity(x)

    def any2i(self, pkt, x):
        return self.h2i(pkt, x)

    def i2m(self, pkt, x):
        return _clockid_bytes(x)

    def m2i(self, pkt, x):
        return clock_identity(x)

    def i2repr(self, pkt, x):
        if x is None:
            return repr(x)
        return clock_identity(x)

    def randval(self):
        return RandBin(8)


def _ts_fields(prefix):
    """48-bit seconds + 32-bit nanoseconds of a PTP Timestamp."""
    return [BitField(prefix + "Seconds", 0, 48),
            IntField(prefix + "Nanoseconds", 0)]


def _port_identity_fields(prefix, clock=0, port=0):
    if prefix:
        return [ClockIdentityField(prefix + "ClockIdentity", clock),
                ShortField(prefix + "PortNumber", port)]
    return [ClockIdentityField("clockIdentity", clock),
            ShortField("portNumber", port)]


def _tlv_list():
    return PacketListField("tlvs", [], PTPTLV)


# ---------------------------------------------------------------------------
# Management data sets (dataField of a MANAGEMENT TLV)
# ---------------------------------------------------------------------------


class _PTPMgmtData(Packet):
    size = None

    def extract_padding(self, s):
        return b"", s


class PTPMgmtRawData(_PTPMgmtData):
    name = "PTP management data (raw)"
    fields_desc = [StrField("data", b"")]


class PTPMgmtDefaultDataSet(_PTPMgmtData):
    name = "PTP DEFAULT_DATA_SET"
    size = 20
    fields_desc = [
        FlagsField("flags", 0, 8, ["TSC", "SO"]),
        XByteField("reserved0", 0),
        ShortField("numberPorts", 1),
        ByteField("priority1", 128),
        ByteField("clockClass", 248),
        ByteEnumField("clockAccuracy", 0xFE, PTP_CLOCK_ACCURACY),
        ShortField("offsetScaledLogVariance", 0xFFFF),
        ByteField("priority2", 128),
        ClockIdentityField("clockIdentity", 0),
        ByteField("domainNumber", 0),
        XByteField("reserved1", 0),
    ]


class PTPMgmtCurrentDataSet(_PTPMgmtData):
    name = "PTP CURRENT_DATA_SET"
    size = 18
    fields_desc = [
        ShortField("stepsRemoved", 0),
        SignedLongField("offsetFromMaster", 0),
        SignedLongField("meanPathDelay", 0),
    ]


class PTPMgmtParentDataSet(_PTPMgmtData):
    name = "PTP PARENT_DATA_SET"
    size = 32
    fields_desc = _port_identity_fields("parent") + [
        FlagsField("flags", 0, 8, ["PS"]),
        XByteField("reserved0", 0),
        ShortField("observedParentOffsetScaledLogVariance", 0xFFFF),
        SignedIntField("observedParentClockPhaseChangeRate", 0x7FFFFFFF),
        ByteField("grandmasterPriority1", 128),
        ByteField("grandmasterClockClass", 248),
        ByteEnumField("grandmasterClockAccuracy", 0xFE, PTP_CLOCK_ACCURACY),
        ShortField("grandmasterOffsetScaledLogVariance", 0xFFFF),
        ByteField("grandmasterPriority2", 128),
        ClockIdentityField("grandmasterIdentity", 0),
    ]


class PTPMgmtTimePropertiesDataSet(_PTPMgmtData):
    name = "PTP TIME_PROPERTIES_DATA_SET"
    size = 4
    fields_desc = [
        SignedShortField("currentUtcOffset", 37),
        FlagsField("flags", 0, 8, _TIME_PROPERTY_FLAGS),
        ByteEnumField("timeSource", 0xA0, PTP_TIME_SOURCES),
    ]


class PTPMgmtPortDataSet(_PTPMgmtData):
    name = "PTP PORT_DATA_SET"
    size = 26
    fields_desc = _port_identity_fields("") + [
        ByteEnumField("portState", 1, PTP_PORT_STATES),
        SignedByteField("logMinDelayReqInterval", 0),
        SignedLongField("peerMeanPathDelay", 0),
        SignedByteField("logAnnounceInterval", 1),
        ByteField("announceReceiptTimeout", 3),
        SignedByteField("logSyncInterval", 0),
        ByteEnumField("delayMechanism", 1, PTP_DELAY_MECHANISMS),
        SignedByteField("logMinPdelayReqInterval", 0),
        BitField("reserved0", 0, 4),
        BitField("versionNumber", 2, 4),
    ]


class PTPMgmtTimeStatusNP(_PTPMgmtData):
    name = "PTP TIME_STATUS_NP (linuxptp)"
    size = 50
    fields_desc = [
        SignedLongField("master_offset", 0),
        SignedLongField("ingress_time", 0),
        SignedIntField("cumulativeScaledRateOffset", 0),
        SignedIntField("scaledLastGmPhaseChange", 0),
        ShortField("gmTimeBaseIndicator", 0),
        ShortField("nanoseconds_msb", 0),
        Field("nanoseconds_lsb", 0, "!Q"),
        ShortField("fractional_nanoseconds", 0),
        SignedIntField("gmPresent", 0),
        ClockIdentityField("gmIdentity", 0),
    ]


PTP_MGMT_DATA_CLASSES = {
    0x2000: PTPMgmtDefaultDataSet,
    0x2001: PTPMgmtCurrentDataSet,
    0x2002: PTPMgmtParentDataSet,
    0x2003: PTPMgmtTimePropertiesDataSet,
    0x2004: PTPMgmtPortDataSet,
    0xC000: PTPMgmtTimeStatusNP,
}


class _MgmtDataField(PacketLenField):
    """dataField of a MANAGEMENT TLV: a data set layer chosen by
    managementId when the length matches, raw bytes otherwise, None when
    empty (a GET)."""

    def m2i(self, pkt, m):
        cls = PTP_MGMT_DATA_CLASSES.get(getattr(pkt, "managementId", None))
        if cls is None or len(m) != cls.size:
            cls = PTPMgmtRawData
        return cls(m)

    def getfield(self, pkt, s):
        n = self.length_from(pkt)
        if n <= 0:
            return s, None
        return s[n:], self.m2i(pkt, s[:n])


# ---------------------------------------------------------------------------
# TLVs
# ---------------------------------------------------------------------------


class PTPTLV(Packet):
    """Generic TLV (tlvType, lengthField, raw value).  Parsing through this
    class dispatches to the specific TLV class for known types whose length
    fits; anything else stays a raw PTPTLV."""
    name = "PTP TLV"
    fields_desc = [
        XShortEnumField("tlvType", 0x2004, PTP_TLV_TYPES),
        ShortField("lengthField", None),
        StrLenField("value", b"", length_from=lambda p: p.lengthField),
    ]

    @classmethod
    def dispatch_hook(cls, _pkt=None, *args, **kargs):
        if not _pkt or len(_pkt) < 4:
            return cls
        tlv_type, length = struct.unpack("!HH", _pkt[:4])
        avail = len(_pkt) - 4
        if length > avail:
            return PTPTLV
        val = _pkt[4:4 + length]
        sub = None
        if tlv_type == 0x0001 and length >= 2:
            sub = PTPTLVManagement
        elif tlv_type == 0x0002 and length >= 8:
            if length == 8 or (1 + val[8] <= length - 8):
                sub = PTPTLVManagementErrorStatus
        elif tlv_type in _ORG_EXT_TYPES and length >= 6:
            if (tlv_type == 0x0003 and length == 28
                    and val[0:6] == b"\x00\x80\xc2\x00\x00\x01"):
                sub = PTPTLVFollowUpInfo
            else:
                sub = PTPTLVOrganizationExtension
        elif tlv_type == 0x0004 and length == 6:
            sub = PTPTLVRequestUnicast
        elif tlv_type == 0x0005 and length == 8:
            sub = PTPTLVGrantUnicast
        elif tlv_type == 0x0006 and length == 2:
            sub = PTPTLVCancelUnicast
        elif tlv_type == 0x0007 and length == 2:
            sub = PTPTLVAckCancelUnicast
        elif tlv_type == 0x0008 and length % 8 == 0:
            sub = PTPTLVPathTrace
        return sub or PTPTLV

    def post_build(self, p, pay):
        if self.lengthField is None:
            p = p[:2] + struct.pack("!H", len(p) - 4) + p[4:]
        return p + pay

    def extract_padding(self, s):
        return b"", s

    def mysummary(self):
        return self.sprintf("TLV %tlvType%")


class PTPTLVManagement(PTPTLV):
    name = "PTP TLV MANAGEMENT"
    fields_desc = [
        XShortEnumField("tlvType", 0x0001, PTP_TLV_TYPES),
        ShortField("lengthField", None),
        XShortEnumField("managementId", 0x0000, PTP_MANAGEMENT_IDS),
        _MgmtDataField("dataField", None, PTPMgmtRawData,
                       length_from=lambda p: (p.lengthField or 0) - 2),
    ]

    def mysummary(self):
        return self.sprintf("TLV MANAGEMENT %managementId%")


class PTPTextField(Field):
    """PTPText (lengthField byte + that many octets).  In a
    MANAGEMENT_ERROR_STATUS TLV the displayData is optional: None means
    absent (TLV lengthField 8, as linuxptp sends it)."""

    def __init__(self, name, default):
        Field.__init__(self, name, default, "B")

    def any2i(self, pkt, x):
        if isinstance(x, str):
            x = x.encode()
        return x

    def i2len(self, pkt, x):
        return 0 if x is None else 1 + len(x)

    def addfield(self, pkt, s, val):
        if val is None:
            return s
        val = bytes(val)
        return s + bytes([len(val) & 0xFF]) + val

    def getfield(self, pkt, s):
        if pkt.lengthField is not None and pkt.lengthField <= 8 or not s:
            return s, None
        n = s[0]
        return s[1 + n:], s[1:1 + n]


class PTPTLVManagementErrorStatus(PTPTLV):
    name = "PTP TLV MANAGEMENT_ERROR_STATUS"
    fields_desc = [
        XShortEnumField("tlvType", 0x0002, PTP_TLV_TYPES),
        ShortField("lengthField", None),
        ShortEnumField("managementErrorId", 0xFFFE, PTP_MANAGEMENT_ERRORS),
        XShortEnumField("managementId", 0x0000, PTP_MANAGEMENT_IDS),
        XIntField("reserved0", 0),
        PTPTextField("displayData", None),
        # Pad byte(s) keeping the TLV even; None = add one if needed.
        StrLenField("pad", None, length_from=lambda p: max(
            0, (p.lengthField or 0) - 8
            - PTPTextField.i2len(None, p, p.displayData))),
    ]

    def post_build(self, p, pay):
        if self.pad is None and len(p) % 2:
            p += b"\x00"
        return PTPTLV.post_build(self, p, pay)


class PTPTLVOrganizationExtension(PTPTLV):
    name = "PTP TLV ORGANIZATION_EXTENSION"
    fields_desc = [
        XShortEnumField("tlvType", 0x0003, PTP_TLV_TYPES),
        ShortField("lengthField", None),
        X3BytesField("organizationId", 0),
        X3BytesField("organizationSubType", 0),
        StrLenField("dataField", b"",
                    length_from=lambda p: p.lengthField - 6),
    ]


class PTPTLVFollowUpInfo(PTPTLV):
    """IEEE 802.1AS Follow_Up information TLV (org 00-80-C2, subtype 1)."""
    name = "PTP TLV 802.1AS Follow_Up information"
    fields_desc = [
        XShortEnumField("tlvType", 0x0003, PTP_TLV_TYPES),
        ShortField("lengthField", None),
        X3BytesField("organizationId", 0x0080C2),
        X3BytesField("organizationSubType", 1),
        SignedIntField("cumulativeScaledRateOffset", 0),
        ShortField("gmTimeBaseIndicator", 0),
        ShortField("nanoseconds_msb", 0),
        Field("nanoseconds_lsb", 0, "!Q"),
        ShortField("fractional_nanoseconds", 0),
        SignedIntField("scaledLastGmFreqChange", 0),
    ]


class PTPTLVRequestUnicast(PTPTLV):
    name = "PTP TLV REQUEST_UNICAST_TRANSMISSION"
    fields_desc = [
        XShortEnumField("tlvType", 0x0004, PTP_TLV_TYPES),
        ShortField("lengthField", None),
        BitEnumField("messageType", 0xB, 4, PTP_MESSAGE_TYPES),
        BitField("reserved0", 0, 4),
        SignedByteField("logInterMessagePeriod", 0),
        IntField("durationField", 300),
    ]


class PTPTLVGrantUnicast(PTPTLV):
    name = "PTP TLV GRANT_UNICAST_TRANSMISSION"
    fields_desc = [
        XShortEnumField("tlvType", 0x0005, PTP_TLV_TYPES),
        ShortField("lengthField", None),
        BitEnumField("messageType", 0xB, 4, PTP_MESSAGE_TYPES),
        BitField("reserved0", 0, 4),
        SignedByteField("logInterMessagePeriod", 0),
        IntField("durationField", 300),
        XByteField("reserved1", 0),
        FlagsField("flags", 0, 8, ["RENEWAL_INVITED"]),
    ]


class PTPTLVCancelUnicast(PTPTLV):
    name = "PTP TLV CANCEL_UNICAST_TRANSMISSION"
    fields_desc = [
        XShortEnumField("tlvType", 0x0006, PTP_TLV_TYPES),
        ShortField("lengthField", None),
        BitEnumField("messageType", 0xB, 4, PTP_MESSAGE_TYPES),
        BitField("reserved0", 0, 4),
        XByteField("reserved1", 0),
    ]


class PTPTLVAckCancelUnicast(PTPTLV):
    name = "PTP TLV ACKNOWLEDGE_CANCEL_UNICAST_TRANSMISSION"
    fields_desc = [
        XShortEnumField("tlvType", 0x0007, PTP_TLV_TYPES),
        ShortField("lengthField", None),
        BitEnumField("messageType", 0xB, 4, PTP_MESSAGE_TYPES),
        BitField("reserved0", 0, 4),
        XByteField("reserved1", 0),
    ]


class PTPTLVPathTrace(PTPTLV):
    name = "PTP TLV PATH_TRACE"
    fields_desc = [
        XShortEnumField("tlvType", 0x0008, PTP_TLV_TYPES),
        ShortField("lengthField", None),
        FieldListField("pathSequence", [],
                       ClockIdentityField("clockIdentity", 0),
                       length_from=lambda p: p.lengthField),
    ]


# ---------------------------------------------------------------------------
# Common header
# ---------------------------------------------------------------------------


class PTPv2(Packet):
    name = "PTPv2"
    fields_desc = [
        BitField("majorSdoId", 0, 4),          # transportSpecific in 2008
        BitEnumField("messageType", 0, 4, PTP_MESSAGE_TYPES),
        BitField("minorVersionPTP", 0, 4),     # reserved in 2008
        BitField("versionPTP", 2, 4),
        ShortField("messageLength", None),
        ByteField("domainNumber", 0),
        ByteField("minorSdoId", 0),            # reserved in 2008
        FlagsField("flags", 0, 16, PTP_FLAG_NAMES),
        SignedLongField("correctionField", 0),
        XIntField("messageTypeSpecific", 0),
        ClockIdentityField("clockIdentity", 0),
        ShortField("portNumber", 1),
        ShortField("sequenceId", 0),
        ByteField("controlField", None),
        SignedByteField("logMessageInterval", None),
    ]

    def post_build(self, p, pay):
        if len(p) >= 34:
            mtype = p[0] & 0x0F
            if self.messageLength is None:
                p = p[:2] + struct.pack("!H", (len(p) + len(pay)) & 0xFFFF) \
                    + p[4:]
            if self.controlField is None:
                p = p[:32] + bytes([_CONTROL_FIELD.get(mtype, 5)]) + p[33:]
            if self.logMessageInterval is None:
                v = 0x7F if mtype in _LOG_INTERVAL_7F else 0
                p = p[:33] + bytes([v]) + p[34:]
        return p + pay

    def extract_padding(self, s):
        n = self.messageLength
        if n is None or n < 34 or n - 34 > len(s):
            return s, b""
        return s[:n - 34], s[n - 34:]

    def hashret(self):
        return struct.pack("!BH", self.domainNumber, self.sequenceId)

    def answers(self, other):
        if not isinstance(other, PTPv2):
            return 0
        if other.sequenceId != self.sequenceId:
            return 0
        pairs = {(0x9, 0x1), (0x3, 0x2), (0xA, 0x2), (0x8, 0x0)}
        return int((self.messageType, other.messageType) in pairs)

    def mysummary(self):
        return self.sprintf("PTPv2 %messageType% dom=%domainNumber% "
                            "seq=%sequenceId%")


# ---------------------------------------------------------------------------
# Message bodies
# ---------------------------------------------------------------------------


_ALL_ONES = "ffffff.ffff.ffffff"


class _PTPBody(Packet):
    def mysummary(self):
        return self.name


class PTPSync(_PTPBody):
    name = "PTP Sync"
    fields_desc = _ts_fields("originTimestamp") + [_tlv_list()]


class PTPDelayReq(_PTPBody):
    name = "PTP Delay_Req"
    fields_desc = _ts_fields("originTimestamp") + [_tlv_list()]


class PTPPdelayReq(_PTPBody):
    name = "PTP Pdelay_Req"
    fields_desc = _ts_fields("originTimestamp") + [
        StrFixedLenField("reserved0", b"\x00" * 10, 10),
        _tlv_list()]


class PTPPdelayResp(_PTPBody):
    name = "PTP Pdelay_Resp"
    fields_desc = (_ts_fields("requestReceiptTimestamp")
                   + _port_identity_fields("requesting") + [_tlv_list()])


class PTPFollowUp(_PTPBody):
    name = "PTP Follow_Up"
    fields_desc = _ts_fields("preciseOriginTimestamp") + [_tlv_list()]


class PTPDelayResp(_PTPBody):
    name = "PTP Delay_Resp"
    fields_desc = (_ts_fields("receiveTimestamp")
                   + _port_identity_fields("requesting") + [_tlv_list()])


class PTPPdelayRespFollowUp(_PTPBody):
    name = "PTP Pdelay_Resp_Follow_Up"
    fields_desc = (_ts_fields("responseOriginTimestamp")
                   + _port_identity_fields("requesting") + [_tlv_list()])


class PTPAnnounce(_PTPBody):
    name = "PTP Announce"
    fields_desc = _ts_fields("originTimestamp") + [
        SignedShortField("currentUtcOffset", 37),
        XByteField("reserved0", 0),
        ByteField("grandmasterPriority1", 128),
        ByteField("clockClass", 248),
        ByteEnumField("clockAccuracy", 0xFE, PTP_CLOCK_ACCURACY),
        ShortField("offsetScaledLogVariance", 0xFFFF),
        ByteField("grandmasterPriority2", 128),
        ClockIdentityField("grandmasterIdentity", 0),
        ShortField("stepsRemoved", 0),
        ByteEnumField("timeSource", 0xA0, PTP_TIME_SOURCES),
        _tlv_list(),
    ]


class PTPSignaling(_PTPBody):
    name = "PTP Signaling"
    # targetPortIdentity defaults to all clocks / all ports
    fields_desc = _port_identity_fields("target", _ALL_ONES, 0xFFFF) + [
        _tlv_list()]


class PTPManagement(_PTPBody):
    name = "PTP Management"
    fields_desc = _port_identity_fields("target", _ALL_ONES, 0xFFFF) + [
        ByteField("startingBoundaryHops", 0),
        ByteField("boundaryHops", 0),
        BitField("reserved0", 0, 4),
        BitEnumField("actionField", 0, 4, PTP_ACTIONS),
        XByteField("reserved1", 0),
        _tlv_list(),
    ]


PTP_BODY_CLASSES = {
    0x0: PTPSync, 0x1: PTPDelayReq, 0x2: PTPPdelayReq, 0x3: PTPPdelayResp,
    0x8: PTPFollowUp, 0x9: PTPDelayResp, 0xA: PTPPdelayRespFollowUp,
    0xB: PTPAnnounce, 0xC: PTPSignaling, 0xD: PTPManagement,
}
PTP_BODY_TYPES = {cls: t for t, cls in PTP_BODY_CLASSES.items()}

# ---------------------------------------------------------------------------
# Bindings
# ---------------------------------------------------------------------------


def _unbind_foreign():
    """Drop any other layer bound to the PTP ports / EtherType, e.g. from a
    scapy contrib module or from an earlier import of this file under
    another module name, so that dissection picks PTPv2 from here."""
    for lower, keys in ((UDP, ("sport", "dport")), (Ether, ("type",)),
                        (Dot1Q, ("type",))):
        wanted = (PTP_ETHERTYPE,) if keys == ("type",) else \
            (PTP_EVENT_PORT, PTP_GENERAL_PORT)
        for fval, upper in list(lower.payload_guess):
            if upper is not PTPv2 and any(fval.get(k) in wanted
                                          for k in keys):
                split_bottom_up(lower, upper, **fval)


_unbind_foreign()
for _port in (PTP_EVENT_PORT, PTP_GENERAL_PORT):
    bind_bottom_up(UDP, PTPv2, dport=_port)
    bind_bottom_up(UDP, PTPv2, sport=_port)
# UDP()/PTPv2() defaults to the event port; ptp_frame() picks the right one.
bind_top_down(UDP, PTPv2, sport=PTP_EVENT_PORT, dport=PTP_EVENT_PORT)
bind_layers(Ether, PTPv2, type=PTP_ETHERTYPE)
bind_layers(Dot1Q, PTPv2, type=PTP_ETHERTYPE)
for _t, _cls in PTP_BODY_CLASSES.items():
    bind_layers(PTPv2, _cls, messageType=_t)
del _t, _cls, _port

# ---------------------------------------------------------------------------
# Frame helpers
# ---------------------------------------------------------------------------


def ptp_is_event(message_type):
    """True for event messages (timestamped, UDP port 319)."""
    return message_type in PTP_EVENT_TYPES


def ptp_is_peer(message_type):
    """True for peer-delay messages (peer-delay multicast group)."""
    return message_type in PTP_PEER_TYPES


def multicast_mac(ip):
    """Ethernet group address for an IPv4/IPv6 multicast address."""
    if ":" in ip:
        import ipaddress
        low = ipaddress.IPv6Address(ip).packed[-4:]
        return "33:33:" + ":".join("%02x" % b for b in low)
    o = [int(x) for x in ip.split(".")]
    return "01:00:5e:%02x:%02x:%02x" % (o[1] & 0x7F, o[2], o[3])


def _is_multicast(ip):
    import ipaddress
    return ipaddress.ip_address(ip).is_multicast


def _as_message(msg):
    """Accept PTPv2/..., a bare body layer (a header is added) or bytes."""
    if isinstance(msg, (bytes, bytearray)):
        return bytes(msg)
    if isinstance(msg, PTPv2):
        return msg
    if isinstance(msg, Packet) and type(msg) in PTP_BODY_TYPES:
        return PTPv2() / msg
    if isinstance(msg, Packet):
        return msg
    raise TypeError("ptp_frame: unsupported message %r" % (msg,))


def _message_type(m):
    if isinstance(m, bytes):
        return m[0] & 0x0F if m else None
    if isinstance(m, PTPv2):
        if m.payload is not None and type(m.payload) in PTP_BODY_TYPES \
                and "messageType" not in m.fields:
            return PTP_BODY_TYPES[type(m.payload)]
        return m.messageType
    return None


def ptp_frame(msg, transport="udp4", vlan=None, prio=0, src=None, dst=None,
              smac="02:00:00:00:15:88", dmac=None, sport=None, dport=None,
              event=None, peer=None, ttl=1, pad=False):
    """Wrap a PTP message into a complete Ethernet frame.

    msg        PTPv2()/body, a bare body (PTPSync(), ... gets a PTPv2
               header) or raw message bytes.
    transport  'udp4' (Ether/IP/UDP), 'udp6' (Ether/IPv6/UDP) or 'l2'
               (Ether type 0x88F7).
    vlan       VLAN id: adds an 802.1Q tag (priority ``prio``).
    src, dst   IP addresses; dst defaults to the PTP multicast group
               (224.0.1.129 / ff0e::181, or 224.0.0.107 / ff02::6b for
               peer-delay messages).
    smac, dmac MAC addresses; dmac defaults to the group address matching
               dst (01:00:5e:.. / 33:33:..), for 'l2' 01:1b:19:00:00:00 or
               01:80:c2:00:00:0e (peer delay); unicast IP -> broadcast.
    sport, dport  UDP ports; default 319 for event messages, 320 otherwise.
    event, peer   override the classification derived from messageType
               (needed for raw bytes of an unknown type).
    ttl        IPv4 TTL / IPv6 hop limit.
    pad        pad the frame to the 60-byte Ethernet minimum (as on the
               wire); the padding is not part of the PTP message.
    """
    if transport not in PTP_MCAST:
        raise ValueError("transport must be udp4, udp6 or l2")
    m = _as_message(msg)
    mtype = _message_type(m)
    if event is None:
        event = ptp_is_event(mtype)
    if peer is None:
        peer = ptp_is_peer(mtype)
    payload = Raw(m) if isinstance(m, bytes) else m
    if transport == "l2":
        if dst is not None:
            raise ValueError("dst IP given for the l2 transport")
        l3 = payload
        dmac = dmac or PTP_MCAST["l2"][1 if peer else 0]
        ethertype = PTP_ETHERTYPE
    else:
        dst = dst or PTP_MCAST[transport][1 if peer else 0]
        port = PTP_EVENT_PORT if event else PTP_GENERAL_PORT
        udp = UDP(sport=sport if sport is not None else port,
                  dport=dport if dport is not None else port)
        if transport == "udp4":
            ip = IP(src=src or "198.18.0.1", dst=dst, ttl=ttl)
            ethertype = 0x0800
        else:
            ip = IPv6(src=src or "fe80::ff:fe00:1588", dst=dst, hlim=ttl)
            ethertype = 0x86DD
        l3 = ip / udp / payload
        if dmac is None:
            dmac = multicast_mac(dst) if _is_multicast(dst) \
                else "ff:ff:ff:ff:ff:ff"
    if vlan is not None:
        frame = Ether(src=smac, dst=dmac, type=0x8100) / \
            Dot1Q(vlan=vlan, prio=prio, type=ethertype) / l3
    else:
        frame = Ether(src=smac, dst=dmac, type=ethertype) / l3
    if pad:
        n = len(frame)
        if n < 60:
            frame = frame / Padding(b"\x00" * (60 - n))
    return frame


# ---------------------------------------------------------------------------
# Deliberately malformed frames
# ---------------------------------------------------------------------------

MALFORMATIONS = {
    "truncated": "message cut inside its fixed body (shorter than both "
                 "messageLength and the type's minimum length)",
    "bad-version": "versionPTP = 3",
    "length-mismatch": "messageLength = real length + 8 (claims bytes that "
                       "are not there)",
    "bad-tlv-length": "a trailing PATH_TRACE TLV whose lengthField runs 8 "
                      "bytes past the end of the message",
    "unknown-type": "messageType reserved (0x5 for event, 0xE for general "
                    "messages), body and port kept",
    "wrong-port": "event message on UDP 320 / general message on UDP 319",
    "bad-timestamp": "first body timestamp with nanoseconds = 1000000000",
}


def ptp_malformed_frame(msg, kind, transport="udp4", **kw):
    """Build ``ptp_frame(msg, transport, **kw)`` made invalid per ``kind``
    (a key of MALFORMATIONS).  ``msg`` must be a well-formed PTPv2 message
    (or a bare body)."""
    if kind not in MALFORMATIONS:
        raise ValueError("unknown malformation %r" % kind)
    m = _as_message(msg)
    if not isinstance(m, PTPv2):
        raise TypeError("ptp_malformed_frame needs a PTPv2 message")
    m = PTPv2(bytes(m))         # concrete copy with every field resolved
    mtype = m.messageType
    kw.setdefault("event", ptp_is_event(mtype))
    kw.setdefault("peer", ptp_is_peer(mtype))
    if kind == "truncated":
        if transport == "l2" and kw.get("pad"):
            raise ValueError("truncated l2 frames cannot be padded: the "
                             "Ethernet padding would hide the truncation")
        raw = bytes(m)
        cut = 34 + PTP_BODY_LENGTHS.get(mtype, 10) // 2
        return ptp_frame(raw[:cut], transport, **kw)
    if kind == "bad-version":
        m.versionPTP = 3
        return ptp_frame(m, transport, **kw)
    if kind == "length-mismatch":
        raw = bytearray(bytes(m))
        struct.pack_into("!H", raw, 2, len(raw) + 8)
        return ptp_frame(bytes(raw), transport, **kw)
    if kind == "bad-tlv-length":
        body = m.payload
        body.tlvs = list(body.tlvs) + [PTPTLVPathTrace(
            lengthField=16, pathSequence=["020000.fffe.001588"])]
        m.messageLength = None
        return ptp_frame(m, transport, **kw)
    if kind == "unknown-type":
        # a reserved type of the same class (bit 3: event 0-7, general
        # 8-F), so that the port stays consistent with the type
        raw = bytearray(bytes(m))
        raw[0] = (raw[0] & 0xF0) | (0x5 if mtype < 8 else 0xE)
        return ptp_frame(bytes(raw), transport, **kw)
    if kind == "wrong-port":
        if transport == "l2":
            raise ValueError("wrong-port needs a UDP transport")
        port = PTP_GENERAL_PORT if kw["event"] else PTP_EVENT_PORT
        kw["sport"] = kw["dport"] = port
        return ptp_frame(m, transport, **kw)
    if kind == "bad-timestamp":
        body = m.payload
        names = [f.name for f in body.fields_desc
                 if f.name.endswith("Nanoseconds")]
        if not names:
            raise ValueError("bad-timestamp needs a message with a timestamp"
                             " (not Signaling/Management)")
        setattr(body, names[0], 1000000000)
        return ptp_frame(m, transport, **kw)
    raise AssertionError(kind)


if __name__ == "__main__":
    # `/usr/bin/python3 scripts/ptpdk_scapy.py`: a scapy shell with these
    # layers loaded.
    from scapy.main import interact
    interact(mydict=dict(globals()))
