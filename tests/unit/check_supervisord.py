#!/usr/bin/env python3
# SPDX-License-Identifier: BSD-3-Clause
"""config/supervisord: the template and the exporter's file parse, and say what
config/supervisord/README.md says they do.

The template is rendered for two instance names and, with the exporter's file,
included from a throwaway main configuration. When supervisor's own code is there
(installed, or Debian's package unpacked by scripts/setup into
/opt/ptpdk-lab/supervisor, or PTPDK_SUPERVISOR_DIR), its ServerOptions reads that
configuration as supervisord would at start, without starting anything; otherwise
only configparser does. Either way, each program is checked: stopped by SIGTERM,
restarted only after an unexpected exit, logs to files, and the daemon's
stopwaitsecs is the systemd unit's TimeoutStopSec. Each command is checked with
sh -n and must end by exec'ing its program, so that the stop signal reaches it.
Programs whose users do not exist here (ptpdk-sync, ptpdk-exporter) are read as
nobody, and log paths are moved to a temporary directory: supervisor checks both.
usage: check_supervisord.py CONFIG_DIR  (the repository's config/)
"""
import configparser
import glob
import os
import re
import shlex
import signal
import subprocess
import sys
import tempfile

NAMES = ["a", "gm1.eth0-vlan_10"]
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def supervisor_options():
    """supervisor.options, from the system or an unpacked Debian package, or None."""
    dirs = [os.environ.get("PTPDK_SUPERVISOR_DIR", "/opt/ptpdk-lab/supervisor")]
    for d in dirs:
        sys.path[:0] = glob.glob(os.path.join(d, "usr/lib/python3*/dist-packages"))
    try:
        import supervisor.datatypes  # noqa: E402
        import supervisor.options  # noqa: E402
        return supervisor
    except ImportError:
        return None


def unit_timeout_stop(config_dir):
    with open(os.path.join(config_dir, "systemd", "ptpdk@.service")) as f:
        m = re.search(r"^TimeoutStopSec=(\d+)$", f.read(), re.M)
    return int(m.group(1))


def render(config_dir, out_dir, log_dir):
    sv = os.path.join(config_dir, "supervisord")
    with open(os.path.join(sv, "ptpdk-instance.conf.in")) as f:
        template = f.read()
    files = []
    for name in NAMES:
        files.append((os.path.join(out_dir, "ptpdk-%s.conf" % name), template.replace("@NAME@", name)))
    with open(os.path.join(sv, "ptpdk-exporter.conf")) as f:
        files.append((os.path.join(out_dir, "ptpdk-exporter.conf"), f.read()))
    for path, text in files:
        text = text.replace("/var/log/ptpdk/", log_dir + "/")
        text = re.sub(r"^user=(?!root$).*$", "user=nobody", text, flags=re.M)
        with open(path, "w") as f:
            f.write(text)
    main = os.path.join(out_dir, "supervisord.conf")
    with open(main, "w") as f:
        f.write("[supervisord]\nlogfile=%s/supervisord.log\npidfile=%s/supervisord.pid\n"
                "[include]\nfiles=%s/ptpdk-*.conf\n" % (log_dir, log_dir, out_dir))
    return main, [p for p, _ in files]


def check_programs(files, timeout_stop):
    """configparser's view: every program section says what the README promises."""
    programs = {}
    for path in files:
        cp = configparser.RawConfigParser(inline_comment_prefixes=(";",))
        cp.read(path)
        for sec in cp.sections():
            if sec.startswith("program:"):
                programs[sec[len("program:"):]] = dict(cp.items(sec))
    want = {"ptpdk-exporter"} | {p % n for n in NAMES for p in ("ptpdk@%s", "ptpdk-sync@%s")}
    if set(programs) != want:
        fail("programs %s, expected %s" % (sorted(programs), sorted(want)))
    for name, p in programs.items():
        for key, value in (("stopsignal", "TERM"), ("autorestart", "unexpected"), ("exitcodes", "0"),
                           ("autostart", "true")):
            if p.get(key) != value:
                fail("%s: %s=%s, expected %s" % (name, key, p.get(key), value))
        for key in ("stdout_logfile", "stopwaitsecs", "startsecs", "user", "command"):
            if key not in p:
                fail("%s: no %s" % (name, key))
        argv = shlex.split(p.get("command", ""))
        if argv[:2] != ["/bin/sh", "-c"] or len(argv) != 3:
            fail("%s: command is not /bin/sh -c SCRIPT: %s" % (name, argv))
            continue
        if subprocess.run(["sh", "-n", "-c", argv[2]]).returncode != 0:
            fail("%s: sh -n refuses the command" % name)
        prog = name.split("@")[0]
        if not re.search(r"; exec /usr/bin/%s( |$)" % re.escape(prog), argv[2]):
            fail("%s: the command does not end by exec'ing /usr/bin/%s" % (name, prog))
        if "@" in name:
            inst = name.split("@", 1)[1]
            opt = "--instance" if prog == "ptpdk" else "--shm"
            if "%s %s" % (opt, inst) not in argv[2] or "/etc/ptpdk/%s" % inst not in argv[2]:
                fail("%s: the command is not instance %s's" % (name, inst))
    for n in NAMES:
        d = programs.get("ptpdk@%s" % n, {})
        if d.get("user") != "root":
            fail("ptpdk@%s: the daemon needs root" % n)
        if int(d.get("stopwaitsecs", 0)) != timeout_stop:
            fail("ptpdk@%s: stopwaitsecs %s, the unit's TimeoutStopSec is %d" %
                 (n, d.get("stopwaitsecs"), timeout_stop))
        s = programs.get("ptpdk-sync@%s" % n, {})
        if int(s.get("priority", 0)) <= int(d.get("priority", 0)):
            fail("ptpdk-sync@%s starts before its daemon" % n)
    return programs


def check_with_supervisor(options, main):
    """supervisord's own reading of the configuration (nothing is started)."""
    opts = options.options.ServerOptions()
    opts.realize(args=["-c", main])
    got = {}
    for group in opts.process_group_configs:
        for pc in group.process_configs:
            got[pc.name] = pc
    for name, pc in got.items():
        if pc.stopsignal != signal.SIGTERM:
            fail("supervisor: %s stops with signal %s" % (name, pc.stopsignal))
        if pc.autorestart is not options.datatypes.RestartWhenExitUnexpected:
            fail("supervisor: %s autorestart %s" % (name, pc.autorestart))
        if not pc.stdout_logfile:
            fail("supervisor: %s has no log file" % name)
    return sorted(got)


def main():
    config_dir = sys.argv[1]
    timeout_stop = unit_timeout_stop(config_dir)
    with tempfile.TemporaryDirectory(prefix="ptpdk-supervisord.") as tmp:
        log_dir = os.path.join(tmp, "log")
        os.mkdir(log_dir)
        main_conf, files = render(config_dir, tmp, log_dir)
        programs = check_programs(files, timeout_stop)
        options = supervisor_options()
        if options:
            names = check_with_supervisor(options, main_conf)
            if names != sorted(programs):
                fail("supervisor reads programs %s, configparser %s" % (names, sorted(programs)))
            how = "supervisor %s's ServerOptions and configparser" % options.options.VERSION
        else:
            how = "configparser only (no supervisor: scripts/setup unpacks it)"
    if failures:
        return 1
    print("%d programs parse (%s): %s" % (len(programs), how, " ".join(sorted(programs))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
