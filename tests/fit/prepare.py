#!/usr/bin/env python3
"""prepare: what the fit test (tests/sh/fit_screens.sh) needs, made into OUT (in build/):

  OUT/pseudo/en-XA/*.po   every Dutch string ~40% longer, accented, with the tallest marks
                          and a Ge'ez and an Arabic letter (the tallest line boxes we draw)
  OUT/pseudo/ar-XB/*.po   every Dutch string in Arabic letters: a right-to-left language
  OUT/root/               two test topics in every language: "fitvideo" (the sample video,
                          Dutch only, so others get the notice) and "fitbroken" (a corrupt file)
  OUT/walk/<lang>.script  the walk over every resident screen at four sizes, one per language
  OUT/walk/staff.script   staff mode (Dutch only by design) at four sizes, PIN, lockout, tabs
  OUT/walk/empty.script   a kiosk with no content at four sizes

The pseudo-languages are named like Android's (en-XA, ar-XB); the kiosk never offers a
language with region XA or XB to residents.

usage: prepare.py LOCALES MEDIA OUT [--shot]   (--shot: take PNG shots too, for looking)
"""
import os
import re
import shutil
import sys

RTL = ("ar", "fa", "ar-XB", "he", "ur", "ps", "ckb")
SIZES = [(1920, 1080), (1080, 1920), (1280, 720), (1024, 600)]

LONG = dict(zip("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
                "åƀçđéƒĝĥîĵķļɱñöþǫŕšţûṽŵẋýžÅƁÇĐÉƑĜĤÎĴĶĻṀÑÖÞǪŔŠŢÛṼŴẊÝŽ"))
# Tall above (Vietnamese stacked marks), deep below (ogonek, cedilla), Ge'ez and Arabic.
PAD = ["ẪǬ", "ḉŞ", "ሀብ", "بيت", "ǭẫ", "ṩŤ"]
ARABIC = dict(zip("abcdefghijklmnopqrstuvwxyz", "ابجدهفغحيجكلمنوپقرستوفوخيز"))
PLACEHOLDER = re.compile(r"%[0-9]*\$?[sd]|\{[a-z_]+\}")


def unescape(s):
    return s.encode("latin-1", "backslashreplace").decode("unicode_escape") \
        if False else s.replace("\\n", "\n").replace('\\"', '"').replace("\\\\", "\\")


def escape(s):
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def read_po(path):
    """(header, [(comments, ctxt, msgid, msgstr)]) of a simple PO file."""
    entries = []
    cur = {}
    field = None
    comments = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("#"):
                if cur.get("msgstr") is not None and field is None:
                    pass
                comments.append(line)
                continue
            m = re.match(r'^(msgctxt|msgid|msgstr) "(.*)"$', line)
            if m:
                if m.group(1) in ("msgctxt", "msgid") and "msgstr" in cur and field == "msgstr":
                    entries.append(cur)
                    cur = {}
                if m.group(1) == "msgctxt" or (m.group(1) == "msgid" and "msgstr" in cur):
                    pass
                if not cur:
                    cur = {"comments": comments}
                    comments = []
                field = m.group(1)
                cur[field] = unescape(m.group(2))
                continue
            m = re.match(r'^"(.*)"$', line)
            if m and field:
                cur[field] += unescape(m.group(1))
    if cur:
        entries.append(cur)
    return entries


def write_po(path, lang, entries, transform):
    with open(path, "w", encoding="utf-8") as f:
        f.write('msgid ""\nmsgstr ""\n"Language: %s\\n"\n'
                '"Content-Type: text/plain; charset=UTF-8\\n"\n\n' % lang)
        for e in entries:
            if not e.get("msgid"):
                continue
            if "msgctxt" in e:
                f.write('msgctxt "%s"\n' % escape(e["msgctxt"]))
            f.write('msgid "%s"\nmsgstr "%s"\n\n' % (escape(e["msgid"]),
                                                   escape(transform(e.get("msgstr", "")))))


def keep_placeholders(text, letter):
    out = []
    pos = 0
    for m in PLACEHOLDER.finditer(text):
        out.append("".join(letter(c) for c in text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append("".join(letter(c) for c in text[pos:]))
    return "".join(out)


def long_line(line):
    if not line.strip():
        return line
    body = keep_placeholders(line, lambda c: LONG.get(c, c))
    extra = max(2, round(len(line) * 0.4))
    pad, i = [], 0
    while sum(len(p) + 1 for p in pad) < extra:
        pad.append(PAD[i % len(PAD)])
        i += 1
    return "[" + body + " " + " ".join(pad) + "]"


def long_text(s):
    return "\n".join(long_line(line) for line in s.split("\n"))


def rtl_text(s):
    return keep_placeholders(s, lambda c: ARABIC.get(c.lower(), c))


def link(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    if os.path.lexists(dst):
        os.remove(dst)
    os.symlink(os.path.abspath(src), dst)


def topic_slugs(locales):
    slugs = []
    with open(os.path.join(locales, "topics.conf"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"^([a-z0-9][a-z0-9-]*)\s", line)
            if m:
                slugs.append(m.group(1))
    return slugs


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    shot = "--shot" in sys.argv
    locales, media, out = args
    pseudo = os.path.join(out, "pseudo")
    root = os.path.join(out, "root")
    walk = os.path.join(out, "walk")
    for d in (pseudo, root, walk):
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
    nl = os.path.join(locales, "nl")
    for tag, fn in (("en-XA", long_text), ("ar-XB", rtl_text)):
        os.makedirs(os.path.join(pseudo, tag))
        for po in ("kiosk.po", "topics.po"):
            if os.path.exists(os.path.join(nl, po)):
                write_po(os.path.join(pseudo, tag, po), tag, read_po(os.path.join(nl, po)), fn)

    langs = sorted(d for d in os.listdir(locales)
                   if os.path.exists(os.path.join(locales, d, "topics.po")))
    langs += ["en-XA", "ar-XB"]
    slugs = topic_slugs(locales)
    # The test topics get the texts of the first topic, so their lengths are real ones.
    with open(os.path.join(root, "topics.conf"), "w", encoding="utf-8") as f:
        f.write("fitvideo 0 \U0001F3AC\nfitbroken 0 \U0001F527\n")
    for lang in langs:
        src = os.path.join(pseudo if lang.endswith(("-XA", "-XB")) else locales, lang,
                           "topics.po")
        texts = {e.get("msgctxt"): e.get("msgstr", "") for e in read_po(src)}
        first = slugs[0]
        os.makedirs(os.path.join(root, lang))
        write_po(os.path.join(root, lang, "topics.po"), lang, [
            {"msgctxt": f"{t}.{k}", "msgid": k, "msgstr": texts.get(f"{first}.{k}", "")}
            for t in ("fitvideo", "fitbroken") for k in ("title", "summary", "advice")
            if texts.get(f"{first}.{k}")], lambda s: s)
    link(os.path.join(media, "sample.mp4"), os.path.join(root, "nl/videos/fitvideo.mp4"))
    link(os.path.join(media, "sample.nl.vtt"), os.path.join(root, "nl/videos/fitvideo.nl.vtt"))
    link(os.path.join(media, "corrupt.mp4"), os.path.join(root, "nl/videos/fitbroken.mp4"))

    def snap(name, lang, w, h):
        base = f"{name}__{lang}__{w}x{h}"
        return (f"shot {base}\n" if shot else f"dump {base}\n")

    # A topic without a video in any language: the last one of topics.conf that is not the
    # first (the first has the sample videos of the test content), and high on the list.
    novideo = slugs[1] if len(slugs) > 1 else slugs[0]
    for lang in langs:
        s = [f"# fit walk, {lang}: every resident screen at every size\n"]
        for w, h in SIZES:
            s.append(f"size {w} {h}\nreset\nwait 50\n")
            s.append(snap("attract", lang, w, h))
            s.append(f"tap {w // 2} {h // 2}\nexpect-screen languages\n")
            s.append(snap("languages", lang, w, h))
            s.append(f"language {lang}\nexpect-screen topics\n")
            s.append(snap("topics", lang, w, h))
            s.append(f"tap-id topic:{novideo}\nexpect-screen video\n")
            s.append(snap("video-text", lang, w, h))
            # Contact after a topic: with the topic's advice.
            s.append("tap-id contact\nexpect-screen contact\n")
            s.append(snap("contact-advice", lang, w, h))
            s.append(f"language {lang}\ntap-id topic:fitbroken\nexpect-screen video\n")
            s.append(snap("video-broken", lang, w, h))
            s.append(f"wait 2500\nlanguage {lang}\ntap-id topic:fitvideo\nwait 500\n")
            s.append(snap("video-playing", lang, w, h))
            # The end of the seek bar is at the reading end: right, or left in RTL.
            end = 30 if lang in RTL else 970
            s.append(f"tap-id seek {end}\nwait 1500\nexpect-no-element seek\n")
            s.append(snap("video-end", lang, w, h))
            s.append(f"language {lang}\ntap-id contact\nexpect-screen contact\n")
            s.append(snap("contact", lang, w, h))
            s.append("tap-id access.large\n")
            s.append(snap("contact-large", lang, w, h))
            s.append("tap-id access.large\n")
            s.append("wait 77000\nexpect-screen contact\n")
            s.append(snap("idle", lang, w, h))
            s.append(f"tap {w // 2} {h // 2}\nreset\n")
            s.append(f"touch down 0 {w - 2} {h - 2}\nwait 2500\n")
            s.append(snap("corner-hold", lang, w, h))
            s.append(f"touch up 0 {w - 2} {h - 2}\n")
        with open(os.path.join(walk, f"{lang}.script"), "w", encoding="utf-8") as f:
            f.writelines(s)

    s = ["# fit walk: staff mode (Dutch) at every size\n"]
    for w, h in SIZES:
        s.append(f"size {w} {h}\nreset\ntap-hold {w - 2} {h - 2} 5100\nexpect-screen staff\n")
        s.append(snap("pin", "nl", w, h))
        s.append("".join(f"tap-id staff:key:{d}\n" for d in "246813") + "tap-id staff:key:ok\n")
        for tab in ("content", "new", "videos", "figures"):
            s.append(f"tap-id staff:tab:{tab}\n")
            s.append(snap(f"staff-{tab}", "nl", w, h))
        s.append("tap-id staff:close\nexpect-screen attract\n")
        s.append(f"tap-hold {w - 2} {h - 2} 5100\nexpect-screen staff\n")
        for _ in range(5):
            s.append("".join(f"tap-id staff:key:{d}\n" for d in "1111") + "tap-id staff:key:ok\n")
        s.append(snap("pin-locked", "nl", w, h))
        # The lockout counts down in m:ss and the greyed keypad takes no press.
        s.append("expect-text staff:countdown 5:00\nwait 61000\n"
                 "expect-text staff:countdown 3:59\nexpect-text staff:message 4 minuten\n"
                 "tap-id staff:key:1\n")
        s.append("wait 301000\nexpect-screen attract\n")
    with open(os.path.join(walk, "staff.script"), "w", encoding="utf-8") as f:
        f.writelines(s)

    s = ["# fit walk: no content installed\n"]
    for w, h in SIZES:
        s.append(f"size {w} {h}\nreset\nwait 50\n")
        s.append(snap("empty-attract", "nl", w, h))
        s.append(f"tap {w // 2} {h // 2}\n")
        s.append(snap("empty-tap", "nl", w, h))
        s.append(f"reset\ntap-hold {w - 2} {h - 2} 5100\nexpect-screen staff\n")
        s.append(snap("empty-pin", "nl", w, h))
        s.append("".join(f"tap-id staff:key:{d}\n" for d in "246813") + "tap-id staff:key:ok\n")
        s.append("tap-id staff:tab:new\n")
        s.append(snap("empty-staff-new", "nl", w, h))
        s.append("tap-id staff:close\n")
    with open(os.path.join(walk, "empty.script"), "w", encoding="utf-8") as f:
        f.writelines(s)
    print(" ".join(langs))


if __name__ == "__main__":
    main()
