#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""tests/lab/te-judge on made-up runs: its verdicts (exit 0 pass, 1 fail, 3 void)
for a good run, a run beyond its physical bound, and a run with too few samples with
and without the kernel's account of a starved worker lcore.

usage: check_te_judge.py REPO
"""
import json
import os
import subprocess
import sys
import tempfile


def write_run(d, name, n_samples, te_ns, lost_share):
    """A 60 s run at 16 Hz with n_samples spread over it (the rest lost), TE te_ns each;
    half round trip 50 us."""
    csv_path = os.path.join(d, name + ".csv")
    with open(csv_path, "w") as f:
        f.write("mono_s,t1_ns,t2_ns,t3_ns,t4_ns,te_ns,step_ns,truth_window_ns,raw_delay_ns\n")
        for i in range(0, 960, 960 // n_samples):
            t = 100 + i / 16
            t1 = int(t * 1e9)
            f.write(f"{t:.6f},{t1},{t1 + 50000},{t1 + 100000},{t1 + 150000},{te_ns},0,2000,\n")
    stats = {"clock": {"port_state": "SLAVE", "state": "LOCKED"},
             "engine": {"rx_stamps_too_wide": 700, "tx_stamps_too_wide": 3},
             "lcore_cpu": {"lcores": 1, "watched_ns": 60 * 10**9,
                           "wait_ns": int(lost_share * 60e9), "steal_ns": 0,
                           "lost_share": lost_share, "worst_interval_share": lost_share,
                           "read_errors": 0}}
    json_path = os.path.join(d, name + ".json")
    with open(json_path, "w") as f:
        json.dump(stats, f)
    return csv_path, json_path


def verdict(repo, d, name, n_samples, te_ns, lost_share):
    csv_path, json_path = write_run(d, name, n_samples, te_ns, lost_share)
    r = subprocess.run([os.path.join(repo, "tests", "lab", "te-judge"), csv_path, json_path, name,
                        "--settle", "30"], stdout=subprocess.PIPE, text=True)
    print(r.stdout.strip())
    return r.returncode


def main(argv):
    repo = argv[1]
    failures = 0
    cases = [
        # name, samples, TE ns, lost share, expected exit
        ("good", 960, 3000, 0.03, 0),
        ("beyond-bound", 960, 500000, 0.03, 1),   # bound: 2 x 100 us + ...
        ("few-starved", 12, 3000, 0.60, 3),     # about 6 judged, 10 wanted
        ("few-not-starved", 12, 3000, 0.05, 1),
        ("starved-but-measured", 960, 3000, 0.60, 0),
    ]
    with tempfile.TemporaryDirectory() as d:
        for name, n, te, share, want in cases:
            got = verdict(repo, d, name, n, te, share)
            if got != want:
                print(f"FAIL {name}: exit {got}, expected {want}")
                failures += 1
    print("te-judge verdicts:", "all as expected" if not failures else f"{failures} wrong")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
