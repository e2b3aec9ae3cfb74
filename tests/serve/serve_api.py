#!/usr/bin/python3
"""`cnsim serve` (issue 17): the API answers the JSON the CLI prints for the
same options; errors are JSON with the CLI's message; hostile requests
(malformed JSON, huge bodies, unknown routes, path traversal, file names,
work over the limits, a slow client) get their status and the server keeps
serving; SIGTERM lets a request in progress finish and exits 0.
Usage: serve_api.py CNSIM"""
import json
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serve_util import Server, cli  # noqa: E402

EXE = sys.argv[1]
failures = []


def check(cond, what):
    print(("ok   " if cond else "FAIL ") + what)
    if not cond:
        failures.append(what)


def cli_json(*args):
    rc, out, err = cli(EXE, *args, "--format", "json")
    assert rc == 0, err
    return json.loads(out)


def without(j, *keys):
    """j without volatile keys (a manifest's clock, timings), at any depth."""
    if isinstance(j, dict):
        return {k: without(v, *keys) for k, v in j.items() if k not in keys}
    if isinstance(j, list):
        return [without(v, *keys) for v in j]
    return j


s = Server(EXE, "--quiet")
try:
    # --- the API against the CLI: identical JSON -----------------------
    cases = [
        ("taper", {"drug": "clonazepam", "from": "1 mg bid", "method": "proportional"},
         ["taper", "--drug", "clonazepam", "--from", "1 mg bid", "--method", "proportional"]),
        ("taper", {"drug": "sertraline", "from": "100 mg qd", "method": "hyperbolic"},
         ["taper", "--drug", "sertraline", "--from", "100 mg qd", "--method", "hyperbolic"]),
        ("interact", {"drugs": ["clonazepam:1mg", "oxycodone:20mg"]}, ["interact", "clonazepam:1mg", "oxycodone:20mg"]),
        ("bridge", {"ssri": "sertraline:50mg", "with": "clonazepam:0.5mg-bid", "weeks": 4},
         ["bridge", "--ssri", "sertraline:50mg", "--with", "clonazepam:0.5mg-bid", "--weeks", "4"]),
        ("simulate", {"drug": ["clonazepam", "sertraline"], "regimen": ["0.5 mg bid for 28 d", "50 mg qd"],
                      "until": "42d"},
         ["simulate", "--drug", "clonazepam", "--regimen", "0.5 mg bid for 28 d", "--drug", "sertraline",
          "--regimen", "50 mg qd", "--until", "42d"]),
        ("withdrawal", {"drug": "clonazepam", "schedule": ["0.5 mg bid for 28 d"]},
         ["withdrawal", "--drug", "clonazepam", "--schedule", "0.5 mg bid for 28 d"]),
        ("tdm", {"drug": "clonazepam", "regimen": "0.5 mg bid for 14 d", "level": "320 h 24.1"},
         ["tdm", "--drug", "clonazepam", "--regimen", "0.5 mg bid for 14 d", "--level", "320 h 24.1"]),
        ("drug", {"drugs": ["Klonopin"]}, ["drug", "show", "Klonopin"]),
        ("drug", {"drugs": ["clonazepam", "alprazolam"]}, ["drug", "compare", "clonazepam", "alprazolam"]),
    ]
    volatile = ("wall_s", "created", "date", "time_utc", "elapsed_s", "hostname")
    for cmd, body, args in cases:
        status, headers, data = s.post("/api/" + cmd, body)
        ok = status == 200 and headers.get("Content-Type", "").startswith("application/json")
        api = json.loads(data) if ok else None
        ref = cli_json(*args)
        if ok and cmd == "simulate":
            api, ref = without(api, "manifest"), without(ref, "manifest")
        check(ok and without(api, *volatile) == without(ref, *volatile), "POST /api/%s equals cnsim %s --format json"
              % (cmd, " ".join(args[:3])))
    status, _, data = s.request("GET", "/api/drugs")
    check(status == 200 and json.loads(data) == cli_json("drug", "list"), "GET /api/drugs equals cnsim drug list")

    # the figure and the calendar
    status, headers, data = s.post("/api/taper/plot", {"drug": "clonazepam", "from": "1 mg bid"})
    check(status == 200 and headers.get("Content-Type") == "image/svg+xml" and b"<svg" in data[:400],
          "POST /api/taper/plot is an SVG figure")
    status, headers, data = s.post("/api/taper/ics", {"drug": "clonazepam", "from": "1 mg bid",
                                                      "start-date": "2027-01-04"})
    check(status == 200 and data.startswith(b"BEGIN:VCALENDAR") and "attachment" in headers.get("Content-Disposition", ""),
          "POST /api/taper/ics is a calendar download")
    status, headers, data = s.post("/api/taper/html", {"drug": "clonazepam", "from": "1 mg bid"})
    check(status == 200 and b"<!DOCTYPE html>" in data[:200].upper().replace(b"<!DOCTYPE HTML>", b"<!DOCTYPE html>")
          or (status == 200 and data.lower().startswith(b"<!doctype html")), "POST /api/taper/html is the printable plan")

    # --- errors: JSON, 400, the CLI's message ---------------------------
    rc, out, err = cli(EXE, "taper", "--drug", "clonazepam", "--from", "1 mg bid", "--method", "frob")
    status, headers, data = s.post("/api/taper", {"drug": "clonazepam", "from": "1 mg bid", "method": "frob"})
    j = json.loads(data)
    check(rc == 2 and status == 400 and j["error"] in err, "bad input: 400 with the CLI's exit-2 message (%s)" % j["error"])
    for body, what in ((b"{\"drug\": ", "truncated JSON"), (b"[1, 2]", "a list"), (b"\xff\xfe", "not UTF-8"),
                       (b"{\"drug\": \"a\", \"drug\": \"b\"}", "a key twice"), (b"{\"drug\": {\"x\": 1}}", "an object value"),
                       (b"{\"out\": \"/tmp/x\"}", "an output chosen by the request"),
                       (b"{\"help\": true}", "help instead of JSON"),
                       (b"{\"diary\": \"/etc/passwd\", \"drug\": \"clonazepam\", \"from\": \"1 mg bid\"}", "a file to read")):
        status, headers, data = s.request("POST", "/api/taper", body, {"Content-Type": "application/json"})
        ok = status == 400
        try:
            ok = ok and "error" in json.loads(data)
        except ValueError:
            ok = False
        check(ok, "malformed request (%s): 400 with a JSON error" % what)
    status, _, data = s.post("/api/population", {"drugs": "../../etc/passwd"})
    check(status == 400 and b"may not name files" in data, "a scenario path: 400")
    status, _, data = s.post("/api/population", {"drugs": "bench-p1", "n": 1000000})
    check(status == 413 and b"at most" in data, "work over the limit (1e6 subjects): 413")
    status, _, data = s.post("/api/simulate", {"drug": "clonazepam", "regimen": "1 mg qd", "until": "2600 w"})
    check(status == 413, "50 years of simulated time: 413")

    # --- hostile routes and bodies --------------------------------------
    for path in ("/nope", "/api/nope", "/api/taper/nope", "/api/interact/ics", "/app.html/..", "/../etc/passwd",
                 "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd", "//etc/passwd", "/web/app.js"):
        status, headers, data = s.request("GET" if not path.startswith("/api/") else "POST", path, b"{}")
        check(status in (404, 405) and b"passwd" not in data.split(b"no such")[0] and b"root:" not in data,
              "%s: %d" % (path, status))
    status, _, _ = s.request("GET", "/api/taper")
    check(status == 405, "GET /api/taper: 405")
    status, _, _ = s.request("DELETE", "/taper")
    check(status == 405, "DELETE /taper: 405")
    big = b"{\"drug\": \"" + b"a" * (1 << 20) + b"\"}"
    status, _, data = s.request("POST", "/api/taper", big, {"Content-Type": "application/json"})
    check(status == 413, "a body over 1 MB with Content-Length: 413")
    # the same without a length: chunked
    sock = socket.create_connection(("127.0.0.1", s.port), timeout=30)
    sock.sendall(b"POST /api/taper HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\n\r\n")
    chunk = b"a" * 65536
    try:
        for _ in range(20):
            sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
        sock.sendall(b"0\r\n\r\n")
        reply = sock.recv(200)
    except OSError:
        reply = b"HTTP/1.1 413"   # the server may close as soon as it has answered
    sock.close()
    check(reply.startswith(b"HTTP/1.1 413"), "a chunked body over 1 MB: 413")

    # a slow client holds a connection; the others are served meanwhile
    slow = socket.create_connection(("127.0.0.1", s.port), timeout=30)
    slow.sendall(b"POST /api/taper HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"dr")
    t0 = time.time()
    status, _, _ = s.request("GET", "/taper")
    check(status == 200 and time.time() - t0 < 2, "a slow client does not hold the others up")
    slow.close()

    # concurrent requests all answered
    results = []

    def one(i):
        st, _, d = s.post("/api/interact", {"drugs": ["clonazepam:1mg", "oxycodone:%dmg" % (10 + i)]})
        results.append(st)

    ts = [threading.Thread(target=one, args=(i,)) for i in range(16)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    check(results.count(200) == 16, "16 concurrent requests: all 200")

    # identical requests at once: one computation, the same bytes for all
    same = []

    def twin():
        same.append(s.post("/api/taper", {"drug": "alprazolam", "from": "1 mg tid", "method": "linear"}))

    ts = [threading.Thread(target=twin) for _ in range(8)]
    [t.start() for t in ts]
    [t.join() for t in ts]
    ref = cli_json("taper", "--drug", "alprazolam", "--from", "1 mg tid", "--method", "linear")
    check(all(st == 200 for st, _, _ in same) and len({d for _, _, d in same}) == 1 and json.loads(same[0][2]) == ref,
          "8 identical requests at once: the same answer, the CLI's")

    status, _, _ = s.request("GET", "/")
    check(status == 200, "the server still serves after all of it")

    # --- graceful stop: a request in progress finishes -----------------
    done = {}

    def long_request():
        done["status"] = s.post("/api/taper", {"drug": "clonazepam", "from": "2 mg tid", "method": "linear"})[0]

    t = threading.Thread(target=long_request)
    t.start()
    time.sleep(0.05)
    rc = s.stop()
    t.join()
    check(rc == 0, "SIGTERM: exit 0")
    check(done.get("status") == 200, "the request in progress when SIGTERM came was answered")
except Exception:
    s.p.kill()
    raise

print("%d failed" % len(failures))
sys.exit(1 if failures else 0)
