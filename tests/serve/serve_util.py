"""Starting `cnsim serve` on a free port for the tests, and a small HTTP
client on the standard library."""
import http.client
import json
import os
import re
import signal
import subprocess
import time


class Server:
    def __init__(self, exe, *args):
        env = dict(os.environ)
        self.p = subprocess.Popen([exe, "serve", "--port", "0", *args], stderr=subprocess.PIPE, text=True, env=env)
        line = self.p.stderr.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            self.p.kill()
            raise RuntimeError("serve did not start: %r" % line)
        self.port = int(m.group(1))
        self.log = []

    def request(self, method, path, body=None, headers=None, timeout=60):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        c.request(method, path, body=data, headers=headers or {})
        r = c.getresponse()
        out = r.status, dict(r.getheaders()), r.read()
        c.close()
        return out

    def post(self, path, body):
        status, headers, data = self.request("POST", path, body, {"Content-Type": "application/json"})
        return status, headers, data

    def stop(self, sig=signal.SIGTERM, timeout=30):
        self.p.send_signal(sig)
        try:
            rc = self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            self.p.kill()
            raise
        self.log = self.p.stderr.read()
        return rc


def cli(exe, *args):
    p = subprocess.run([exe, *args], capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr
