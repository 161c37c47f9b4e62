#!/usr/bin/env bash
# Every screen in landscape and portrait, in Dutch and Arabic: every tappable element is at
# least 9% of the short screen side in both directions, lies inside the screen, and no two
# tappable elements overlap. Reads the kiosk's --dump-ui JSON.
set -u
B=${B:-build}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for size in "1920 1080" "1080 1920" "1280 800"; do
    for lang in nl ar; do
        tag="${size// /x}_$lang"
        cat >"$work/$tag.script" <<SCRIPT
size $size
shot attract
tap 10 10
shot languages
tap-id lang:$lang
tap-id lang:$lang
shot topics
tap-id topic:mantelzorg
shot video
tap-id contact
shot contact
SCRIPT
        mkdir -p "$work/$tag"
        if ! "$B/kiosk" --headless --state "$work/state" --content locales --content "$B/content" \
            --script "$work/$tag.script" --shots "$work/$tag" --dump-ui >"$work/$tag.log" 2>&1; then
            echo "FAIL targets_$tag: the kiosk run failed: $(tail -n 1 "$work/$tag.log")"
            continue
        fi
        python3 - "$work/$tag" "$tag" <<'PY'
import json, os, sys
folder, tag = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(folder)):
    if not name.endswith(".json"):
        continue
    w, h = (int(v) for v in tag.split("_")[0].split("x"))
    short = min(w, h)
    elements = json.load(open(os.path.join(folder, name)))
    taps = [e for e in elements if e["role"] == "button" and e["id"]]
    problems = []
    for e in taps:
        x, y, ew, eh = e["rect"]
        # the attract screen is one button the size of the screen: fine
        if min(ew, eh) < 0.09 * short:
            problems.append("%s is %dx%d, under 9%% of %d" % (e["id"], ew, eh, short))
        if x < 0 or y < 0 or x + ew > w or y + eh > h:
            problems.append("%s %s lies outside the %dx%d screen" % (e["id"], e["rect"], w, h))
    for i, a in enumerate(taps):
        for b in taps[i + 1:]:
            ax, ay, aw, ah = a["rect"]; bx, by, bw, bh = b["rect"]
            if ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah:
                problems.append("%s and %s overlap" % (a["id"], b["id"]))
    case = "targets_%s_%s" % (tag, name[:-5])
    if problems:
        print("FAIL %s: %s" % (case, "; ".join(problems)))
    elif not taps:
        print("FAIL %s: no tappable element at all" % case)
    else:
        print("PASS %s (%d targets)" % (case, len(taps)))
PY
    done
done
