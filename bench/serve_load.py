#!/usr/bin/python3
"""Load on `cnsim serve` over the loopback (issue 17): 32 concurrent clients
send 2,000 requests mixing simulate, taper and interact (the forms' kinds
of request, several doses and drugs each) after a warm-up (each distinct
request once, then one untimed round of the same load); prints errors,
the median, p95 and p99 latency of each command, and the server's
resident memory before and after the timed round.
Usage: serve_load.py CNSIM [serve options...]"""
import http.client
import json
import os
import random
import re
import subprocess
import sys
import threading
import time

EXE = sys.argv[1]
CLIENTS, REQUESTS = 32, 2000

p = subprocess.Popen([EXE, "serve", "--port", "0", "--quiet", *sys.argv[2:]], stderr=subprocess.PIPE, text=True)
port = int(re.search(r":(\d+)/", p.stderr.readline()).group(1))

TAPERS = [{"drug": d, "from": f, "method": m}
          for d, f in (("clonazepam", "1 mg bid"), ("clonazepam", "0.5 mg tid"), ("alprazolam", "1 mg tid"),
                       ("sertraline", "100 mg qd"))
          for m in ("proportional", "hyperbolic", "linear")]
INTERACTS = [{"drugs": [a, b]} for a in ("clonazepam:1mg", "clonazepam:2mg", "alprazolam:1mg")
             for b in ("oxycodone:20mg", "ethanol:28g", "sertraline:50mg", "fluvoxamine:100mg")]
SIMULATES = [{"drug": ["clonazepam", "sertraline"], "regimen": ["%g mg bid for 28 d" % c, "50 mg qd"], "until": "42d"}
             for c in (0.25, 0.5, 1.0)]
MIX = [("taper", b) for b in TAPERS] + [("interact", b) for b in INTERACTS] + [("simulate", b) for b in SIMULATES]


def rss_kb():
    with open("/proc/%d/status" % p.pid) as f:
        return int(re.search(r"VmRSS:\s+(\d+)", f.read()).group(1))


def post(conn, cmd, body):
    t0 = time.perf_counter()
    conn.request("POST", "/api/" + cmd, body=json.dumps(body), headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    r.read()
    return r.status, time.perf_counter() - t0


# Warm-up: every distinct request once, as a clinic's first users would
# send them.
warm = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
rss_start = rss_kb()
for cmd, body in MIX:
    st, _ = post(warm, cmd, body)
    if st != 200:
        sys.exit("warm-up: %s %s: HTTP %s" % (cmd, json.dumps(body), st))
warm.close()
rss_warm = rss_kb()

rng = random.Random(17)
jobs = [rng.choice(MIX) for _ in range(REQUESTS)]
lock = threading.Lock()
lat = {"taper": [], "interact": [], "simulate": []}
errors = []


def client(k):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
    for i in range(k, REQUESTS, CLIENTS):
        cmd, body = jobs[i]
        try:
            st, dt = post(conn, cmd, body)
        except Exception as e:          # a dropped connection counts as an error
            conn.close()
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=300)
            st, dt = repr(e), 0
        with lock:
            if st != 200:
                errors.append((cmd, st))
            else:
                lat[cmd].append(dt)
    conn.close()


# Warm-up under load: one round of the same mix, so that "before" is the
# memory of a server that has already served concurrent clients (each
# worker thread's allocator arena and stack are touched once).
ts = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
[t.start() for t in ts]
[t.join() for t in ts]
lat = {"taper": [], "interact": [], "simulate": []}
time.sleep(0.2)
rss0 = rss_kb()

t0 = time.perf_counter()
ts = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
[t.start() for t in ts]
[t.join() for t in ts]
wall = time.perf_counter() - t0
time.sleep(0.2)
rss1 = rss_kb()
p.terminate()
p.wait(60)


def q(xs, f):
    xs = sorted(xs)
    return 1e3 * xs[min(len(xs) - 1, int(f * len(xs)))] if xs else float("nan")


print("# %d clients, %d requests (%d distinct bodies), serve %s; %.1f s, %.0f requests/s"
      % (CLIENTS, REQUESTS, len(MIX), " ".join(sys.argv[2:]) or "(defaults)", wall, REQUESTS / wall))
print("command,n,median_ms,p95_ms,p99_ms")
for cmd, xs in lat.items():
    print("%s,%d,%.1f,%.1f,%.1f" % (cmd, len(xs), q(xs, .5), q(xs, .95), q(xs, .99)))
print("errors,%d%s" % (len(errors), (" " + repr(sorted(set(errors))[:5])) if errors else ""))
print("rss_at_start_kb,%d\nrss_after_one_of_each_kb,%d\nrss_before_kb,%d\nrss_after_kb,%d\nrss_change,%.3f"
      % (rss_start, rss_warm, rss0, rss1, rss1 / rss0 - 1))
sys.exit(1 if errors else 0)
