#!/usr/bin/env python3
"""fitcheck: reads the kiosk's element dumps (--dump-ui JSON) and reports every text that is
cut, ellipsised, off screen, overlapping another text, or below WCAG AA contrast (4.5:1, or
3:1 for large text: 24 px, or 18.66 px bold, at the 1920x1080 reference; scaled here by the
screen's short side over 1080).

usage: check.py [--summary FILE] DUMP.json...   (a dump's name: <screen>__<lang>__<WxH>.json)
Prints one "DEFECT file: element: why" line per defect and a last line with the counts;
exits 1 when there is any defect.
"""
import json
import os
import sys


def lum(hexc):
    c = [int(hexc[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    c = [x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c]
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2]


def contrast(a, b):
    la, lb = lum(a), lum(b)
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def overlap(a, b):
    # A pixel or two of touching line boxes is not an overlap anyone sees.
    ax0, ay0, aw, ah = a
    bx0, by0, bw, bh = b
    w = min(ax0 + aw, bx0 + bw) - max(ax0, bx0)
    h = min(ay0 + ah, by0 + bh) - max(ay0, by0)
    return w > 2 and h > 2


def is_emoji(text):
    return all(ord(ch) > 0x2000 or ch.isspace() for ch in text)


def check(path, size):
    w, h = size
    s = min(w, h)
    scale = s / 1080
    with open(path, encoding="utf-8") as f:
        els = json.load(f)
    defects = []
    # A text under a later filled element (the idle prompt's scrim, a panel) is hidden, not
    # overlapped: only what is on top is checked.
    fills = [(i, e["rect"]) for i, e in enumerate(els)
             if e["role"] in ("button", "panel", "subtitle")]

    def covered(i, ink):
        x, y, iw, ih = ink
        return any(j > i and r[0] <= x and r[1] <= y and x + iw <= r[0] + r[2]
                   and y + ih <= r[1] + r[3] for j, r in fills)

    texts = [e for i, e in enumerate(els) if "font_px" in e and not covered(i, e["ink"])]
    # The contact card always keeps its take-home code (the layout gives it at least 3
    # pixels a module; tests/sh/voice_qr.sh scans it).
    if os.path.basename(path).startswith("contact") and \
            not any(e.get("id") == "contact.qr" for e in els):
        defects.append("contact.qr: no QR code on the contact card")
    for e in texts:
        name = e["id"] or repr(e["text"][:24])
        x, y, iw, ih = e["ink"]
        if e["cut"]:
            defects.append(f"{name}: cut (does not fit {e['rect']} at "
                           f"{e['font_px']} px, design {e['design_px']})")
        if e["ellipsis"]:
            defects.append(f"{name}: ellipsised")
        if not e.get("scroll") and (x < 0 or y < 0 or x + iw > w or y + ih > h):
            defects.append(f"{name}: off screen {e['ink']}")
        if not is_emoji(e["text"]):
            large = e["font_px"] >= 24 * scale or (e["role"] in ("title", "button")
                                                  and e["font_px"] >= 18.66 * scale)
            need = 3.0 if large else 4.5
            if e.get("disabled"):
                need = 0  # WCAG 1.4.3 exempts inactive controls
            c = contrast(e["fg"], e["bg"])
            if c + 1e-9 < need:
                defects.append(f"{name}: contrast {c:.2f}:1 < {need}:1 "
                               f"({e['fg']} on {e['bg']})")
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if a.get("scroll") != b.get("scroll") and (a.get("scroll") or b.get("scroll")):
                continue  # a list scrolled under a fixed element is clipped, not overlapped
            if overlap(a["ink"], b["ink"]):
                defects.append(f"{a['id'] or a['text'][:20]!r} and "
                               f"{b['id'] or b['text'][:20]!r}: text overlaps")
    return len(texts), defects, min((e["font_px"] for e in texts
                                     if not is_emoji(e["text"])), default=None)


def main():
    args = sys.argv[1:]
    summary = None
    if args[:1] == ["--summary"]:
        summary, args = args[1], args[2:]
    screens = set()
    langs = set()
    sizes = set()
    elements = 0
    ndef = 0
    smallest = {}
    for path in args:
        base = os.path.basename(path)[:-5]
        parts = base.split("__")
        if len(parts) != 3:
            print(f"DEFECT {path}: not named <screen>__<lang>__<WxH>.json")
            ndef += 1
            continue
        screen, lang, wh = parts
        size = tuple(int(v) for v in wh.split("x"))
        screens.add(screen)
        langs.add(lang)
        sizes.add(wh)
        n, defects, small = check(path, size)
        elements += n
        if small is not None:
            smallest[wh] = min(smallest.get(wh, small), small)
        for d in defects:
            print(f"DEFECT {base}: {d}")
        ndef += len(defects)
    line = (f"fitcheck: {len(args)} screens checked ({len(screens)} screens x {len(langs)} "
            f"languages x {len(sizes)} sizes), {elements} text elements, {ndef} defects; "
            "smallest font: " + ", ".join(f"{k} {v} px" for k, v in sorted(smallest.items())))
    print(line)
    if summary:
        with open(summary, "w", encoding="utf-8") as f:
            f.write(line + "\n")
    return 1 if ndef else 0


if __name__ == "__main__":
    sys.exit(main())
