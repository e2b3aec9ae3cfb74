#!/usr/bin/env python3
"""Allocation-failure sweep: runs a command with its Nth allocation failing.

For each command of a plan (tests/faults/plan.txt) or the one given after
`--`, the sweep runs it once under build/libfailalloc.so
(tests/faults/failalloc.c) to record its output and count its allocations,
then once per N (every N from 1 to the count, or every k-th with --every, or
about M evenly spaced with --sample) with CNSIM_FAIL_ALLOC=N, and sorts each
run into one class:

  ok-nomem     exit 1 and "out of memory" in standard error (the contract)
  ok-same      exit 0 with standard output and error identical to the
               reference (the failed allocation had a fallback), or the run
               made fewer than N allocations (threads) and matched anyway
  crash        killed by a signal, a sanitizer report, or an exit code
               other than 0, 1 and 2 (an abort in a library, exit 127, ...)
  hang         still running after --timeout seconds
  exit0-diff   exit 0 with output different from the reference
  exit2        exit 2: an allocation failure reported as bad input
  exit1-nomsg  exit 1 without "out of memory" in standard error
  thread-start exit 1 because a thread could not be started: the failed
               allocation was glibc's, inside pthread_create, and libgomp
               ("Thread creation failed") or the sanitizer's thread start
               ends the process itself; no code of ours runs in between
  leak         a LeakSanitizer report (sanitized builds; it replaces the
               exit code, so the run is not judged further)

It prints the counts per class and command and, for the first few runs
that are not ok, their N, exit code, standard error and (with --trace) the
stack of the failed allocation, symbolised with addr2line. It exits 1 when
any run falls in a class named by --fail-on (default: crash, hang and
exit0-diff), 0 otherwise.

Before comparing, text matching a --mask regular expression (the plan's
`mask` lines: timings, rates) is replaced by "#" in both outputs.

When the program is linked against AddressSanitizer the allocator is
preloaded in front of libasan (ASAN_OPTIONS gains verify_asan_link_order=0),
so error paths are also checked for memory errors; leaks are then reported
as their own class unless --no-leaks is given.

usage:
  sweep.py --cnsim build/cnsim [--plan tests/faults/plan.txt] [options]
  sweep.py --cnsim build/cnsim [options] -- simulate --drug ...
"""
import argparse
import concurrent.futures as cf
import os
import re
import shlex
import subprocess
import sys
import tempfile
import time

CLASSES = ["ok-nomem", "ok-same", "crash", "hang", "exit0-diff", "exit2",
           "exit1-nomsg", "thread-start", "leak"]
OK = {"ok-nomem", "ok-same"}
FATAL = {"crash", "hang", "exit0-diff"}
OOM_RE = re.compile(r"out of memory", re.I)
THREAD_RE = re.compile(r"libgomp: Thread creation failed|AsanThread::ThreadStart")


def read_plan(path, subst):
    """Plan lines: `mask REGEX`, `LABEL: ARGS` (shell-quoted, @SRC@ is the
    source directory), blank lines and # comments."""
    masks, runs = [], []
    with open(path) as fp:
        for raw in fp:
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("mask "):
                masks.append(line[5:].strip())
                continue
            label, _, args = line.partition(":")
            args = args.strip()
            for k, v in subst.items():
                args = args.replace(k, v)
            runs.append((label.strip(), shlex.split(args)))
    return masks, runs


def find_asan(binary):
    try:
        out = subprocess.run(["ldd", binary], capture_output=True, text=True).stdout
    except OSError:
        return None
    m = re.search(r"(libasan\.so\S*)\s*=>\s*(\S+)", out)
    return m.group(2) if m else None


class Runner:
    def __init__(self, args, env_base, preload):
        self.args = args
        self.env_base = env_base
        self.preload = preload
        self.masks = []

    def norm(self, text):
        for m in self.masks:
            text = re.sub(m, "#", text)
        return text

    def run(self, argv, n, extra_env=None, timeout=None):
        """Runs argv with the Nth allocation failing (0: none). Returns
        (rc or None on timeout, stdout, stderr, count, failed)."""
        fd, count_path = tempfile.mkstemp(prefix="failalloc.")
        os.close(fd)
        env = dict(self.env_base)
        env["LD_PRELOAD"] = self.preload
        env["CNSIM_FAIL_ALLOC"] = str(n)
        env["CNSIM_FAIL_ALLOC_COUNT"] = count_path
        env["CNSIM_FAIL_ALLOC_THREADS"] = self.args.threads_mode
        if extra_env:
            env.update(extra_env)
        try:
            p = subprocess.run(argv, env=env, capture_output=True,
                               timeout=timeout or self.args.timeout,
                               stdin=subprocess.DEVNULL)
            rc, out, err = p.returncode, p.stdout, p.stderr
        except subprocess.TimeoutExpired as e:
            rc, out, err = None, e.stdout or b"", e.stderr or b""
        count, failed = 0, 0
        try:
            with open(count_path) as fp:
                lines = fp.read().split()
            if lines:
                count = int(lines[0])
            if len(lines) >= 3 and lines[1] == "failed":
                failed = int(lines[2])
        except (OSError, ValueError):
            pass
        os.unlink(count_path)
        return (rc, out.decode(errors="replace"), err.decode(errors="replace"),
                count, failed)


def classify(runner, ref, result):
    rc, out, err, _count, _failed = result
    if rc is None:
        return "hang"
    if rc < 0 or "ERROR: AddressSanitizer" in err or "runtime error:" in err \
            or "AddressSanitizer:DEADLYSIGNAL" in err:
        return "crash"
    if "ERROR: LeakSanitizer" in err:
        # LeakSanitizer replaces the exit code, so the run is judged by its
        # report alone.
        return "leak"
    if rc == 0:
        same = runner.norm(out) == ref[0] and runner.norm(err) == ref[1]
        return "ok-same" if same else "exit0-diff"
    if rc == 2:
        return "exit2"
    if rc == 1:
        if OOM_RE.search(err):
            return "ok-nomem"
        return "thread-start" if THREAD_RE.search(err) else "exit1-nomsg"
    return "crash"


def symbolise(trace):
    """Turns failalloc's "object +0xoff name" lines into function file:line."""
    lines = []
    for line in trace.splitlines()[1:]:
        m = re.match(r"(\S+) \+0x([0-9a-f]+) ?(\S*)", line)
        if not m:
            continue
        obj, off, name = m.group(1), int(m.group(2), 16), m.group(3)
        where = ""
        if "libfailalloc" in obj:
            continue
        if "/lib/" not in obj:
            try:
                a2l = subprocess.run(["addr2line", "-f", "-i", "-C", "-e", obj, hex(off - 1)],
                                     capture_output=True, text=True, timeout=20).stdout.split("\n")
                pairs = [f"{a2l[i]} {os.path.relpath(a2l[i + 1]) if a2l[i + 1].startswith('/') else a2l[i + 1]}"
                         for i in range(0, len(a2l) - 1, 2)]
                where = " <- ".join(pairs)
            except (OSError, subprocess.TimeoutExpired):
                pass
        lines.append(f"      {os.path.basename(obj)} {name or ''} {where}".rstrip())
        if len(lines) >= 12:
            break
    return "\n".join(lines)


def trace_of(runner, argv, n):
    """Reruns argv failing allocation n; returns failalloc's trace text."""
    fd, tpath = tempfile.mkstemp(prefix="failalloc-trace.")
    os.close(fd)
    runner.run(argv, n, {"CNSIM_FAIL_ALLOC_TRACE": tpath})
    with open(tpath) as fp:
        tr = fp.read()
    os.unlink(tpath)
    return tr


def first_own_frame(trace, program):
    """function file:line of the innermost frame in the program's binary."""
    name = os.path.basename(program)
    for line in trace.splitlines()[1:]:
        m = re.match(r"(\S+) \+0x([0-9a-f]+)", line)
        if m and os.path.basename(m.group(1)) == name:
            a2l = subprocess.run(["addr2line", "-f", "-e", m.group(1), hex(int(m.group(2), 16) - 1)],
                                 capture_output=True, text=True).stdout.split("\n")
            where = a2l[1] if len(a2l) > 1 else "?"
            if where.startswith("/"):
                where = os.path.relpath(where)
            return f"{a2l[0]} {where}"
    return None


def first_difference(runner, ref, out, err):
    for what, a_text, b_text in (("stdout", ref[0], runner.norm(out)),
                                 ("stderr", ref[1], runner.norm(err))):
        if a_text == b_text:
            continue
        al, bl = a_text.splitlines(), b_text.splitlines()
        for i in range(max(len(al), len(bl))):
            x = al[i] if i < len(al) else "(end)"
            y = bl[i] if i < len(bl) else "(end)"
            if x != y:
                return f"      {what} line {i + 1}: expected {x[:100]!r}\n      {' ' * len(what)} got      {y[:100]!r}"
    return ""


def sweep_one(runner, label, argv, pool):
    a = runner.args
    ref_run = runner.run(argv, 0, timeout=max(a.timeout, 600))
    rc, out, err, count, _ = ref_run
    if rc != 0:
        print(f"{label}: the reference run failed (exit {rc}):\n{err}", file=sys.stderr)
        return None
    ref = (runner.norm(out), runner.norm(err))
    if a.every:
        ns = list(range(1, count + 1, a.every))
    elif a.sample and a.sample < count:
        step = count / a.sample
        ns = sorted({1 + int(i * step) for i in range(a.sample)})
    else:
        ns = list(range(1, count + 1))
    t0 = time.time()
    futs = {pool.submit(runner.run, argv, n): n for n in ns}
    results = {}
    for f in cf.as_completed(futs):
        results[futs[f]] = f.result()
    counts = {c: 0 for c in CLASSES}
    bad = []
    for n in ns:
        c = classify(runner, ref, results[n])
        counts[c] += 1
        if c not in OK:
            bad.append((n, c))
    dt = time.time() - t0
    summary = "  ".join(f"{c} {counts[c]}" for c in CLASSES if counts[c] or c in FATAL or c in OK)
    print(f"{label}: {count} allocations, {len(ns)} runs in {dt:.0f} s: {summary}", flush=True)
    for n, c in bad[:a.show]:
        rc, out, err, _cnt, failed = results[n]
        tail = "\n".join("      " + l for l in err.strip().splitlines()[-a.lines:])
        reached = "" if failed or rc is None or rc < 0 else " [not reached]"
        print(f"    N={n} {c} (exit {rc}){reached}\n{tail}".rstrip())
        if rc == 0 and c == "exit0-diff":
            print(first_difference(runner, ref, out, err))
        if a.trace:
            tr = trace_of(runner, argv, n)
            if tr:
                print("    allocation:\n" + symbolise(tr))
    if a.sites and bad:
        # Every run that is not ok, grouped by where its allocation was
        # made: the innermost frame in the program itself.
        groups = {}
        for n, c in bad:
            tr = trace_of(runner, argv, n)
            site = first_own_frame(tr, argv[0]) or "(no frame in the program)"
            groups.setdefault((c, site), []).append(n)
        for (c, site), ns_ in sorted(groups.items(), key=lambda kv: -len(kv[1])):
            print(f"    {len(ns_):5d} {c:<11} {site}  (N={ns_[0]})")
    if len(bad) > a.show:
        print(f"    ... and {len(bad) - a.show} more not ok: N = "
              + " ".join(str(n) for n, _ in bad[a.show:a.show + 40])
              + (" ..." if len(bad) > a.show + 40 else ""))
    return counts


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n", 1)[1])
    ap.add_argument("--cnsim", required=True, help="the cnsim binary")
    ap.add_argument("--lib", help="libfailalloc.so (default: beside --cnsim)")
    ap.add_argument("--plan", help="plan file (default: tests/faults/plan.txt with no command)")
    ap.add_argument("--only", action="append", default=[], help="plan labels to run (repeatable)")
    ap.add_argument("--every", type=int, default=0, help="every k-th allocation")
    ap.add_argument("--sample", type=int, default=0, help="about M allocations per command, evenly spaced")
    ap.add_argument("--jobs", "-j", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds per run before it counts as a hang")
    ap.add_argument("--mask", action="append", default=[], help="regex replaced before comparing")
    ap.add_argument("--threads-mode", choices=["all", "main"], default="all",
                    help="count allocations of all threads (default) or the main thread only")
    ap.add_argument("--show", type=int, default=5, help="failing runs shown per command")
    ap.add_argument("--lines", type=int, default=4, help="stderr lines shown per failing run")
    ap.add_argument("--trace", action="store_true", help="rerun the shown failures to print the allocation's stack")
    ap.add_argument("--sites", action="store_true",
                    help="rerun every run that is not ok and group them by allocation site (slow)")
    ap.add_argument("--fail-on", default="crash,hang,exit0-diff",
                    help="classes that make the sweep fail (comma-separated; default %(default)s)")
    ap.add_argument("--no-leaks", action="store_true", help="sanitized builds: do not look for leaks")
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    bad = {c.strip() for c in a.fail_on.split(",") if c.strip()}
    unknown = bad - set(CLASSES)
    if unknown:
        sys.exit(f"sweep: --fail-on: unknown class {', '.join(sorted(unknown))}")

    cnsim = os.path.abspath(a.cnsim)
    lib = os.path.abspath(a.lib or os.path.join(os.path.dirname(cnsim), "libfailalloc.so"))
    if not os.path.exists(lib):
        sys.exit(f"sweep: {lib}: no such file (cmake --build builds target failalloc)")
    here = os.path.dirname(os.path.abspath(__file__))
    src = os.path.dirname(os.path.dirname(here))

    env = dict(os.environ)
    env.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    preload = lib
    asan = find_asan(cnsim)
    if asan:
        preload = f"{lib}:{asan}"
        opts = env.get("ASAN_OPTIONS", "")
        extra = "verify_asan_link_order=0"
        if a.no_leaks:
            extra += ":detect_leaks=0"
        env["ASAN_OPTIONS"] = f"{opts}:{extra}" if opts else extra
        env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    runner = Runner(a, env, preload)

    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if cmd:
        masks, runs = [], [(" ".join(cmd), [cnsim] + cmd)]
        if a.plan:
            masks, _ = read_plan(a.plan, {"@SRC@": src})
    else:
        masks, runs = read_plan(a.plan or os.path.join(here, "plan.txt"), {"@SRC@": src})
        runs = [(label, [cnsim] + argv) for label, argv in runs
                if not a.only or label in a.only]
    runner.masks = masks + a.mask

    total = {c: 0 for c in CLASSES}
    failed_ref = False
    with cf.ThreadPoolExecutor(max_workers=a.jobs) as pool:
        for label, argv in runs:
            counts = sweep_one(runner, label, argv, pool)
            if counts is None:
                failed_ref = True
                continue
            for c in CLASSES:
                total[c] += counts[c]
    print("total: " + "  ".join(f"{c} {total[c]}" for c in CLASSES))
    if failed_ref or any(total[c] for c in bad):
        sys.exit(1)


if __name__ == "__main__":
    main()
