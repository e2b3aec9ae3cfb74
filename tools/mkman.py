#!/usr/bin/env python3
"""Man pages from the CLI's own help: cnsim.1 from `cnsim --help` and
cnsim-<command>.1 from `cnsim <command> --help` for every command that
`cnsim --help` lists.

Usage: tools/mkman.py CNSIM_BINARY OUTDIR VERSION

The help texts are written for a terminal, in one loose format that this
script reads back:
  - a "usage:" line and the indented lines under it: the synopsis;
  - a line at the margin that starts lower-case and ends with a colon
    ("options:", "examples:", "dosing (...):"): a section heading;
  - an indented line with a term, two or more spaces and a text
    ("  --out FILE   write there"), or the same at the margin for a term
    starting with "-": a tagged paragraph, continued by the lines indented
    deeper than the term;
  - anything under "example(s):" is kept verbatim;
  - everything else is running text, paragraphs split by blank lines.
Debian's help2man was tried first: it wants "Usage:" and "Examples:"
capitalised and runs example lines together, so the pages were worse.
The date is SOURCE_DATE_EPOCH's when set, so builds can be reproducible.
"""
import datetime
import os
import re
import subprocess
import sys

TERM = re.compile(r"^( +)(\S.*?) {2,}(\S.*)$|^()(-\S.*?) {2,}(\S.*)$")
HEADING = re.compile(r"^([a-z][a-z -]*?)(?: (\(.*\)))?:$")


def run_help(binary, args):
    out = subprocess.run([binary] + args + ["--help"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    if out.returncode != 0 or not out.stdout.strip():
        sys.exit("mkman: '%s --help' failed (exit %d): %s"
                 % (" ".join(["cnsim"] + args), out.returncode, out.stderr.strip()))
    return out.stdout.expandtabs().splitlines()


def esc(text):
    """Troff-escapes one line of text: backslashes, hyphens (so options
    copy as ASCII minus), and a leading dot or quote."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def commands(lines):
    """(name, one-line description) of each command in `cnsim --help`."""
    out, inside = [], False
    for line in lines:
        if HEADING.match(line):
            inside = line.startswith("commands")
            continue
        if not inside or not line.strip():
            continue
        m = re.match(r"^  (\S+) {2,}(\S.*)$", line)
        if m:
            out.append([m.group(1), m.group(2)])
        elif out and line.startswith("   "):
            out[-1][1] += " " + line.strip()
    return out


def split_usage(lines):
    """Returns (synopsis lines, the rest): the "usage:" line and the lines
    under it that are indented, up to the first blank line."""
    for i, line in enumerate(lines):
        if line.startswith("usage: "):
            syn = [line[len("usage: "):]]
            j = i + 1
            while j < len(lines) and lines[j].startswith(" ") and lines[j].strip():
                syn.append(lines[j][len("usage: "):] if lines[j].startswith(" " * 7)
                           else lines[j].strip())
                j += 1
            return syn, lines[:i] + lines[j:]
    return [], lines


def body(lines, out):
    """Troff for the help text after the synopsis."""
    verbatim = False
    para = []          # running text of the current paragraph
    term_indent = None  # indent of the open tagged paragraph, if any

    def flush():
        nonlocal term_indent
        if para:
            out.append(".PP")
            out.extend(esc(p) for p in para)
            para.clear()
        term_indent = None

    for line in lines:
        if not line.strip():
            flush()
            if verbatim:
                out.append("")
            continue
        h = HEADING.match(line)
        if h:
            flush()
            if verbatim:
                out.append(".fi")
            name = h.group(1).upper()
            verbatim = name in ("EXAMPLE", "EXAMPLES")
            out.append('.SH "%s"' % ("EXAMPLES" if verbatim else esc(name)))
            if h.group(2):      # "dosing (all three ...):" -> a first sentence
                inner = h.group(2)[1:-1]
                out.append(esc(inner[:1].upper() + inner[1:]) + ".")
            if verbatim:
                out.append(".nf")
                out.append(".RS 4")
            continue
        if verbatim:
            out.append(esc(line[2:] if line.startswith("  ") else line))
            continue
        indent = len(line) - len(line.lstrip())
        if term_indent is not None and indent > term_indent:
            out.append(esc(line.strip()))
            continue
        t = TERM.match(line)
        if t:
            flush()
            ind, term, text = (t.group(1), t.group(2), t.group(3)) if t.group(2) \
                else (t.group(4), t.group(5), t.group(6))
            out.append(".TP")
            out.append("\\fB%s\\fR" % esc(term))
            out.append(esc(text))
            term_indent = len(ind)
            continue
        if indent and not para:
            flush()
            out.append(".IP")
            out.append(esc(line.strip()))
            term_indent = indent - 1
            continue
        para.append(line.strip())
    flush()
    if verbatim:
        out.append(".RE")
        out.append(".fi")


def page(name, summary, version, date, synopsis, lines, see_also):
    out = ['.\\" Generated by tools/mkman.py from `%s --help`; do not edit.'
           % name.replace("-", " ", 1),
           '.TH "%s" 1 "%s" "cnsim %s" "User Commands"' % (name.upper(), date, version),
           ".SH NAME",
           "%s \\- %s" % (esc(name), esc(summary))]
    if synopsis:
        out += [".SH SYNOPSIS", ".nf"] + [esc(s) for s in synopsis] + [".fi"]
    # Running text before the first heading describes the command.
    if lines and not HEADING.match(lines[0]):
        out.append(".SH DESCRIPTION")
    body(lines, out)
    out += [".SH \"SEE ALSO\"", ".nh",
            ",\n".join(".BR %s (1)" % esc(s) for s in see_also)]
    return "\n".join(out) + "\n"


def strip_blank(lines):
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return lines


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    binary, outdir, version = sys.argv[1:]
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = (datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc)
            if epoch else datetime.datetime.now(datetime.timezone.utc))
    date = when.strftime("%Y-%m-%d")
    os.makedirs(outdir, exist_ok=True)
    for f in os.listdir(outdir):       # no page of a command since removed
        if f.endswith(".1"):
            os.remove(os.path.join(outdir, f))

    top = run_help(binary, [])
    cmds = commands(top)
    if not cmds:
        sys.exit("mkman: found no commands in 'cnsim --help'")
    # The first paragraph of the top-level help is "cnsim - what it is".
    first = []
    for line in top:
        if not line.strip():
            break
        first.append(line.strip())
    summary = " ".join(first)
    rest = top[len(first):]
    if summary.startswith("cnsim - "):
        summary = summary[len("cnsim - "):]
    else:
        summary, rest = "clonazepam and SSRI therapy simulator", top
    synopsis, rest = split_usage(strip_blank(rest))
    pages = {"cnsim": page("cnsim", summary, version, date, synopsis,
                           strip_blank(rest), ["cnsim-" + c for c, _ in cmds])}
    for c, desc in cmds:
        synopsis, rest = split_usage(strip_blank(run_help(binary, [c])))
        pages["cnsim-" + c] = page("cnsim-" + c, desc, version, date, synopsis,
                                   strip_blank(rest), ["cnsim"])
    for name, text in pages.items():
        with open(os.path.join(outdir, name + ".1"), "w") as f:
            f.write(text)


if __name__ == "__main__":
    main()
