#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Check a --stats-json file as scripts and lab tests read it.

usage: check_report_json.py FILE [PATH=VALUE ...]

FILE must parse as JSON and hold every key that tests/lab, bench and scripts
read (with the nesting they expect), and the strings that they grep from the
raw text. Each PATH=VALUE (PATH: keys and list indexes joined by "/", VALUE a
JSON literal) must hold. Exit status 0 when all hold, 1 otherwise.
"""

import json
import re
import sys

# The keys that existed before the counters were described by tables; none may go.
PORT_KEYS = {
    "": ["name", "driver", "hw_stamps", "rx", "tx"],
    "rx": ["polls", "empty_polls", "packets", "bytes", "ptp", "not_ptp", "not_for_us",
           "rejected", "delivered", "ring_full", "large_ring_full", "ts_hw", "ts_sw",
           "ts_hw_missing", "by_type"],
    "tx": ["requests", "sent", "send_failed", "backlog_full", "stamped", "timeouts",
           "stale_discarded", "by_type"],
}
TOP_KEYS = {
    "": ["elapsed_s", "tsc_hz", "ports", "clock", "engine"],
    "clock": ["state", "port_state", "servo_state", "grandmaster", "offset_ns", "freq_ppb",
              "path_delay_ns", "steps", "master_changes", "announce_timeouts", "holdovers",
              "offset_samples", "delay_samples", "pdelay_samples", "utc_offset", "time_flags"],
    "engine": ["events", "large_events", "tx_ring_full", "decode_errors",
               "stamp_conversion_errors", "sends_refused", "rx_stamps_too_wide",
               "tx_stamps_too_wide", "by_type", "tx_reports", "latency_ns"],
    "engine/tx_reports": ["stamped", "timeout", "send_failed", "backlog_full"],
    "engine/latency_ns": ["count", "min", "p50", "p99", "p99_9", "max", "mean"],
}
# Objects by name (message types, reasons), not numbers.
OBJECTS = ["rx/by_type", "rx/rejected", "tx/by_type"]
# What shell scripts grep from the raw file (tests/lab/slave, bench/slave_side_by_side.sh).
RAW = [r'"pdelay_samples":[0-9]', r'"grandmaster":"[0-9a-f.]*"', r'"port_state":"[A-Z_]+"',
       r'"rx_stamps_too_wide":[0-9]*,"tx_stamps_too_wide":[0-9]*']


def get(doc, path):
    for part in path.split("/") if path else []:
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    text = open(argv[1]).read()
    doc = json.loads(text)
    bad = []
    for base, keys in TOP_KEYS.items():
        bad += [f"{base}/{k}" for k in keys if k not in get(doc, base)]
    if not doc["ports"]:
        bad.append("ports is empty")
    for i, port in enumerate(doc["ports"]):
        for base, keys in PORT_KEYS.items():
            bad += [f"ports/{i}/{base}/{k}" for k in keys if k not in get(port, base)]
        bad += [f"ports/{i}/{o} is not an object" for o in OBJECTS
                if not isinstance(get(port, o), dict)]
    bad += [f"raw text lacks {r}" for r in RAW if not re.search(r, text)]
    for arg in argv[2:]:
        path, value = arg.split("=", 1)
        try:
            got = get(doc, path)
        except (KeyError, IndexError) as e:
            bad.append(f"{path}: missing ({e})")
            continue
        if got != json.loads(value):
            bad.append(f"{path}: {got!r}, expected {value}")
    for b in bad:
        print("check_report_json:", b)
    print(f"check_report_json: {len(bad)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
