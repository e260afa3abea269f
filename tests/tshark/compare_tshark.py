#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Check ptpdk-dump against tshark on the same capture, frame by frame and field by field.

usage: compare_tshark.py PTPDK_DUMP CAPTURE [--expect-types Sync,Follow_Up,...] [--min-frames N]

Exit 0 when they agree, 1 on any disagreement, 77 when tshark is not installed.
Only the Python standard library is used.
"""
import argparse
import json
import shutil
import subprocess
import sys

# (tshark field, function of ptpdk-dump's JSON object -> comparable value)
def clock_hex(identity):
    return "0x" + identity.replace(".", "")

def port_number(port_identity):
    return int(port_identity.rsplit("-", 1)[1])

def port_clock(port_identity):
    return clock_hex(port_identity.rsplit("-", 1)[0])

def ts_sec(key):
    return lambda d: int(d[key].split(".")[0])

def ts_ns(key):
    return lambda d: int(d[key].split(".")[1])

def first_tlv(d):
    return (d.get("tlvs") or [{}])[0]

def mgmt(key):
    return lambda d: first_tlv(d).get(key)

HEADER = [
    ("ptp.v2.messagetype", lambda d: d["message_type"]),
    ("ptp.v2.versionptp", lambda d: d["version"]),
    ("ptp.v2.minorversionptp", lambda d: d["minor_version"]),
    ("ptp.v2.messagelength", lambda d: d["length"]),
    ("ptp.v2.domainnumber", lambda d: d["domain"]),
    ("ptp.v2.flags", lambda d: d["flags"]),
    ("ptp.v2.correction.ns", lambda d: int(d["correction_scaled"] / 65536)),
    ("ptp.v2.clockidentity", lambda d: clock_hex(d["source"].rsplit("-", 1)[0])),
    ("ptp.v2.sourceportid", lambda d: port_number(d["source"])),
    ("ptp.v2.sequenceid", lambda d: d["seq"]),
    ("ptp.v2.controlfield", lambda d: d["control"]),
    ("ptp.v2.logmessageperiod", lambda d: d["log_interval"]),
]

BODY = {
    "Sync": [("ptp.v2.sdr.origintimestamp.seconds", ts_sec("origin")),
             ("ptp.v2.sdr.origintimestamp.nanoseconds", ts_ns("origin"))],
    "Delay_Req": [("ptp.v2.sdr.origintimestamp.seconds", ts_sec("origin")),
                  ("ptp.v2.sdr.origintimestamp.nanoseconds", ts_ns("origin"))],
    "Follow_Up": [("ptp.v2.fu.preciseorigintimestamp.seconds", ts_sec("precise_origin")),
                  ("ptp.v2.fu.preciseorigintimestamp.nanoseconds", ts_ns("precise_origin"))],
    "Delay_Resp": [("ptp.v2.dr.receivetimestamp.seconds", ts_sec("receive")),
                   ("ptp.v2.dr.receivetimestamp.nanoseconds", ts_ns("receive")),
                   ("ptp.v2.dr.requestingsourceportidentity", lambda d: port_clock(d["requesting"])),
                   ("ptp.v2.dr.requestingsourceportid", lambda d: port_number(d["requesting"]))],
    "Pdelay_Req": [("ptp.v2.pdrq.origintimestamp.seconds", ts_sec("origin")),
                   ("ptp.v2.pdrq.origintimestamp.nanoseconds", ts_ns("origin"))],
    "Pdelay_Resp": [("ptp.v2.pdrs.requestreceipttimestamp.seconds", ts_sec("request_receipt")),
                    ("ptp.v2.pdrs.requestreceipttimestamp.nanoseconds", ts_ns("request_receipt")),
                    ("ptp.v2.pdrs.requestingportidentity", lambda d: port_clock(d["requesting"])),
                    ("ptp.v2.pdrs.requestingsourceportid", lambda d: port_number(d["requesting"]))],
    "Pdelay_Resp_Follow_Up": [
        ("ptp.v2.pdfu.responseorigintimestamp.seconds", ts_sec("response_origin")),
        ("ptp.v2.pdfu.responseorigintimestamp.nanoseconds", ts_ns("response_origin")),
        ("ptp.v2.pdfu.requestingportidentity", lambda d: port_clock(d["requesting"])),
        ("ptp.v2.pdfu.requestingsourceportid", lambda d: port_number(d["requesting"]))],
    "Announce": [("ptp.v2.an.origintimestamp.seconds", ts_sec("origin")),
                 ("ptp.v2.an.origintimestamp.nanoseconds", ts_ns("origin")),
                 ("ptp.v2.an.origincurrentutcoffset", lambda d: d["utc_offset"]),
                 ("ptp.v2.an.priority1", lambda d: d["gm_priority1"]),
                 ("ptp.v2.an.grandmasterclockclass", lambda d: d["gm_class"]),
                 ("ptp.v2.an.grandmasterclockaccuracy", lambda d: d["gm_accuracy"]),
                 ("ptp.v2.an.grandmasterclockvariance", lambda d: d["gm_variance"]),
                 ("ptp.v2.an.priority2", lambda d: d["gm_priority2"]),
                 ("ptp.v2.an.grandmasterclockidentity", lambda d: clock_hex(d["gm_identity"])),
                 ("ptp.v2.an.localstepsremoved", lambda d: d["steps_removed"]),
                 ("ptp.v2.timesource", lambda d: d["time_source"])],
    "Management": [("ptp.v2.mm.targetportid", lambda d: port_number(d["target"])),
                   ("ptp.v2.mm.startingboundaryhops", lambda d: d["starting_hops"]),
                   ("ptp.v2.mm.boundaryhops", lambda d: d["hops"]),
                   ("ptp.v2.mm.action", lambda d: d["action"]),
                   ("ptp.v2.mm.tlvType", lambda d: first_tlv(d).get("tlv_type")),
                   ("ptp.v2.mm.lengthField", lambda d: first_tlv(d).get("tlv_length")),
                   ("ptp.v2.mm.managementId", mgmt("id")),
                   # Data-set fields: compared where both dissectors show them.
                   ("ptp.v2.mm.priority1", mgmt("priority1")),
                   ("ptp.v2.mm.priority2", mgmt("priority2")),
                   ("ptp.v2.mm.clockclass", mgmt("class")),
                   ("ptp.v2.mm.numberPorts", mgmt("number_ports")),
                   ("ptp.v2.mm.domainNumber", mgmt("domain")),
                   ("ptp.v2.mm.stepsRemoved", mgmt("steps_removed")),
                   ("ptp.v2.mm.grandmasterPriority1", mgmt("gm_priority1")),
                   ("ptp.v2.mm.observedParentClockPhaseChangeRate", mgmt("observed_phase_change_rate")),
                   ("ptp.v2.mm.currentutcoffset", mgmt("utc_offset")),
                   ("ptp.v2.mm.portState", mgmt("state")),
                   ("ptp.v2.mm.logSyncInterval", mgmt("log_sync")),
                   ("ptp.v2.mm.logAnnounceInterval", mgmt("log_announce")),
                   ("ptp.v2.mm.announceReceiptTimeout", mgmt("announce_timeout")),
                   ("ptp.v2.mm.delayMechanism", mgmt("delay_mechanism"))],
}

ALL_FIELDS = sorted({f for f, _ in HEADER} | {f for v in BODY.values() for f, _ in v})


def tshark_frames(capture):
    cmd = ["tshark", "-n", "-r", capture, "-Y", "ptp.v2.versionptp == 2", "-T", "fields", "-E", "occurrence=f",
           "-E", "separator=\t", "-e", "frame.number"]
    for field in ALL_FIELDS:
        cmd += ["-e", field]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    if run.returncode:
        raise SystemExit(f"tshark failed: {run.stderr.strip()}")
    out = run.stdout
    frames = {}
    for line in out.splitlines():
        cols = line.split("\t")
        frames[int(cols[0])] = dict(zip(ALL_FIELDS, cols[1:]))
    return frames


def normalise(value):
    """tshark prints numbers in hex or decimal and booleans as 1/0 or True/False."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value)
    if text in ("True", "False"):
        return int(text == "True")
    if text.lower().startswith("0x") and len(text) == 18:  # a ClockIdentity
        return text.lower()
    try:
        return int(text, 0)
    except ValueError:
        return text.lower()


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dump")
    ap.add_argument("capture")
    ap.add_argument("--expect-types", default="")
    ap.add_argument("--min-frames", type=int, default=1)
    args = ap.parse_args()
    if not shutil.which("tshark"):
        print("compare_tshark: tshark not installed: skipped")
        return 77

    lines = subprocess.run([args.dump, "--json", args.capture], check=True, capture_output=True,
                           text=True, timeout=120).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    summary = records.pop()["summary"]
    ours = {r["frame"]: r for r in records}
    theirs = tshark_frames(args.capture)
    problems = []

    if summary["rejected"]:
        problems.append(f"ptpdk-dump rejected {summary['rejected']} frames: {summary['reasons']}")
    if set(ours) != set(theirs):
        problems.append(f"frames only in ptpdk-dump: {sorted(set(ours) - set(theirs))[:10]}, "
                        f"only in tshark: {sorted(set(theirs) - set(ours))[:10]}")
    compared = 0
    for number in sorted(set(ours) & set(theirs)):
        d, t = ours[number], theirs[number]
        if "rejected" in d:
            continue  # already reported with the summary's reasons
        for field, get in HEADER + BODY.get(d["type"], []):
            expected = t.get(field, "")
            try:
                mine = get(d)
            except (KeyError, IndexError, ValueError) as exc:
                problems.append(f"frame {number} {d['type']}: ptpdk-dump lacks {field} ({exc})")
                continue
            if expected == "" or mine is None:
                continue  # a field only one dissector shows for this frame
            compared += 1
            if normalise(mine) != normalise(expected):
                problems.append(f"frame {number} {d['type']}: {field}: ptpdk-dump {mine!r}, "
                                f"tshark {expected!r}")
    types = summary["types"]
    for wanted in filter(None, args.expect_types.split(",")):
        if not types.get(wanted):
            problems.append(f"no {wanted} message in the capture (types seen: {types})")
    if len(ours) < args.min_frames:
        problems.append(f"only {len(ours)} PTP frames, expected at least {args.min_frames}")

    print(f"compare_tshark: {args.capture}: {len(ours)} PTP frames, {compared} field values "
          f"compared, types {types}")
    for p in problems[:40]:
        print("MISMATCH: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
