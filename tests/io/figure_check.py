#!/usr/bin/env python3
"""The figures of cnsim, checked mechanically (tests/io/test_plot_layout.sh,
tests/io/test_plot.c).

text FILE.svg... [--min-texts N] [--dump]
    PLplot's cairo driver writes each string as one <g> of <use> elements
    that place glyph outlines (<symbol id="glyphF-N"><path d=.../>) at x,
    y; rotated text gets its own, rotated, outlines. The ink box of a
    string is the union of its glyph outlines moved to their positions.
    Exits 0 when every string lies inside the page and no two strings
    overlap, else 1 with one line per problem.
lines FILE.svg
    The data lines (stroke width 2 or more): one line per colour with the
    number of vertices drawn and their extent in page points (y down).
    Then the panel edges: "edges" and the y of every black horizontal line
    longer than half the page (the top and bottom of each panel frame).
    PLplot clips lines to the panel itself, so a data line that reaches a
    panel edge where the layout leaves 6% air shows a y range that left
    out values.
ink FILE.png X0 Y0 X1 Y1
    The share of non-white pixels in the rectangle (fractions of the
    image, y down), for an 8-bit RGB or RGBA PNG such as cairo writes.
"""
import re
import struct
import sys
import xml.etree.ElementTree as ET
import zlib

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"
NUM = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


def path_box(d):
    v = [float(x) for x in NUM.findall(d)]
    xs, ys = v[0::2], v[1::2]
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


def read(path):
    root = ET.parse(path).getroot()
    vb = root.get("viewBox")
    if vb:
        _, _, w, h = (float(x) for x in vb.split())
    else:
        w = float(re.sub("[a-z]+", "", root.get("width")))
        h = float(re.sub("[a-z]+", "", root.get("height")))
    glyphs = {}
    for sym in root.iter(SVG + "symbol"):
        box = None
        for p in sym.iter(SVG + "path"):
            b = path_box(p.get("d", ""))
            if b and box:
                box = (min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3]))
            elif b:
                box = b
        glyphs[sym.get("id")] = box
    texts = []
    for g in root.iter(SVG + "g"):
        uses = [u for u in g if u.tag == SVG + "use"]
        if not uses:
            continue
        box, ids = None, []
        for u in uses:
            gid = u.get(XLINK, "").lstrip("#")
            ids.append(gid)
            gb = glyphs.get(gid)
            if not gb:      # a space or an empty glyph
                continue
            x, y = float(u.get("x", 0)), float(u.get("y", 0))
            b = (gb[0] + x, gb[1] + y, gb[2] + x, gb[3] + y)
            box = b if not box else (min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3]))
        if box:
            texts.append({"box": box, "glyphs": ids, "n": len(uses)})
    return w, h, texts


def overlap(a, b, tol):
    return (min(a[2], b[2]) - max(a[0], b[0]) > tol) and (min(a[3], b[3]) - max(a[1], b[1]) > tol)


def check(path, min_texts=1, tol=0.5):
    w, h, texts = read(path)
    problems = []
    if len(texts) < min_texts:
        problems.append("%s: %d strings, expected at least %d" % (path, len(texts), min_texts))
    for i, t in enumerate(texts):
        b = t["box"]
        if b[0] < -tol or b[1] < -tol or b[2] > w + tol or b[3] > h + tol:
            problems.append("%s: string %d (%d glyphs) at [%.1f, %.1f, %.1f, %.1f] leaves the page %gx%g"
                            % (path, i, t["n"], b[0], b[1], b[2], b[3], w, h))
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if overlap(texts[i]["box"], texts[j]["box"], tol):
                a, b = texts[i]["box"], texts[j]["box"]
                problems.append("%s: strings %d [%.1f, %.1f, %.1f, %.1f] and %d [%.1f, %.1f, %.1f, %.1f] overlap"
                                % (path, i, a[0], a[1], a[2], a[3], j, b[0], b[1], b[2], b[3]))
    return problems


def edges(path):
    root = ET.parse(path).getroot()
    w = float(root.get("viewBox").split()[2])
    ys = set()
    for p in root.iter(SVG + "path"):
        st = p.get("style", "")
        if "stroke:rgb(0%,0%,0%)" not in st or "fill:none" not in st:
            continue
        d = p.get("d", "")
        v = [float(x) for x in NUM.findall(d)]
        if len(v) != 4 or abs(v[1] - v[3]) > 0.01 or abs(v[2] - v[0]) < 0.5 * w:
            continue
        t = re.match(r"matrix\(1,0,0,-1,0,([-0-9.]+)\)", p.get("transform", ""))
        ys.add(round(float(t.group(1)) - v[1] if t else v[1], 2))
    return sorted(ys)


def lines(path):
    root = ET.parse(path).getroot()
    out = {}
    for p in root.iter(SVG + "path"):
        st = p.get("style", "")
        m = re.search(r"stroke-width:([0-9.]+)", st)
        c = re.search(r"stroke:(rgb\([^)]*\))", st)
        if not m or not c or float(m.group(1)) < 1.9 or "fill:none" not in st:
            continue
        v = [float(x) for x in NUM.findall(p.get("d", ""))]
        xs, ys = v[0::2], v[1::2]
        tr = p.get("transform", "")
        t = re.match(r"matrix\(1,0,0,-1,0,([-0-9.]+)\)", tr)
        if t:
            ys = [float(t.group(1)) - y for y in ys]
        e = out.setdefault(c.group(1), [0, float("inf"), float("-inf")])
        e[0] += len(xs)
        if ys:
            e[1], e[2] = min(e[1], min(ys)), max(e[2], max(ys))
    return out


def png_pixels(path):
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, w = 8, b"", 0
    while pos < len(data):
        n, typ = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if typ == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and ctype in (2, 6) and interlace == 0, "unsupported PNG"
            bpp = 3 if ctype == 2 else 4
        elif typ == b"IDAT":
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(h):
        f = raw[i]
        line = bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        for x in range(stride):
            a = line[x - bpp] if x >= bpp else 0
            b = prev[x]
            c = prev[x - bpp] if x >= bpp else 0
            if f == 1:
                line[x] = (line[x] + a) & 255
            elif f == 2:
                line[x] = (line[x] + b) & 255
            elif f == 3:
                line[x] = (line[x] + (a + b) // 2) & 255
            elif f == 4:
                pa, pb, pc = abs(b - c), abs(a - c), abs(a + b - 2 * c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[x] = (line[x] + pr) & 255
        rows.append(line)
        prev = line
    return w, h, bpp, rows


def ink(path, x0, y0, x1, y1):
    w, h, bpp, rows = png_pixels(path)
    c0, c1, r0, r1 = int(x0 * w), int(x1 * w), int(y0 * h), int(y1 * h)
    n = dark = 0
    for r in range(r0, r1):
        line = rows[r]
        for c in range(c0, c1):
            px = line[c * bpp:c * bpp + 3]
            n += 1
            dark += min(px) < 235
    return dark / max(n, 1)


def main(argv):
    if len(argv) > 1 and argv[1] == "lines":
        for c, (n, lo, hi) in sorted(lines(argv[2]).items()):
            print(c, n, "%.1f" % lo, "%.1f" % hi)
        print("edges", " ".join("%.1f" % y for y in edges(argv[2])))
        return 0
    if len(argv) > 1 and argv[1] == "ink":
        print("%.4f" % ink(argv[2], *(float(x) for x in argv[3:7])))
        return 0
    if len(argv) > 1 and argv[1] == "text":
        argv = argv[:1] + argv[2:]
    args = argv[1:]
    min_texts = 1
    dump = "--dump" in args
    if "--min-texts" in args:
        k = args.index("--min-texts")
        min_texts = int(args[k + 1])
        del args[k:k + 2]
    args = [a for a in args if a != "--dump"]
    bad = []
    for f in args:
        if dump:
            w, h, texts = read(f)
            print("page", w, h)
            for i, t in enumerate(texts):
                print(i, t["n"], ["%.1f" % x for x in t["box"]])
        bad += check(f, min_texts)
    for p in bad:
        print(p)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
