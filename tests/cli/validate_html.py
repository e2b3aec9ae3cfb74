#!/usr/bin/python3
"""HTML documents of cnsim, checked by two independent parsers
(tests/cli/test_taper_html.c).

validate_html.py FILE.html...
    html5lib (Debian python3-html5lib), the WHATWG parsing algorithm, in
    strict mode: any parse error (a stray tag, a bad character reference,
    a control character, a misplaced DOCTYPE) fails. Then HTML Tidy
    (Debian tidy) with -errors: exit status 2 (errors) fails, 1 (warnings
    only) passes. Exits 0 when every file passes, 1 with one line per
    problem, 3 when a validator is not installed (scripts/deps.sh installs
    both).

Run with /usr/bin/python3: the Debian module is not on another
interpreter's path.
"""
import subprocess
import sys

try:
    import html5lib
    from html5lib.html5parser import ParseError
except ImportError:
    print("validate_html: python3-html5lib is missing; run scripts/deps.sh as root", file=sys.stderr)
    sys.exit(3)


def check(path):
    problems = []
    parser = html5lib.HTMLParser(strict=True)
    with open(path, "rb") as f:
        data = f.read()
    try:
        parser.parse(data, transport_encoding="utf-8")
    except ParseError:
        for pos, code, datavars in parser.errors:
            problems.append("%s:%s:%s: html5lib: %s %s" % (path, pos[0], pos[1], code, datavars or ""))
    try:
        r = subprocess.run(["tidy", "-errors", "-quiet", path], capture_output=True, text=True)
    except FileNotFoundError:
        print("validate_html: tidy is missing; run scripts/deps.sh as root", file=sys.stderr)
        sys.exit(3)
    if r.returncode >= 2:
        for line in r.stderr.splitlines():
            if "Error:" in line:
                problems.append("%s: tidy: %s" % (path, line))
        if not any("tidy:" in p for p in problems):
            problems.append("%s: tidy exit status %d" % (path, r.returncode))
    return problems


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    problems = []
    for path in sys.argv[1:]:
        problems += check(path)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
