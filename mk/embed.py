#!/usr/bin/env python3
"""embed: writes a C source with files as string constants, so the program carries texts it
must have without any content installed (staff mode's Dutch strings).

usage: embed.py OUT.c NAME FILE [NAME FILE...]
"""
import sys


def main():
    out, pairs = sys.argv[1], sys.argv[2:]
    with open(out, "w", encoding="utf-8") as f:
        f.write("/* Made by mk/embed.py at build time; do not edit. */\n#include <stddef.h>\n\n")
        for name, path in zip(pairs[::2], pairs[1::2]):
            data = open(path, "rb").read()
            f.write(f"/* {path} */\nconst char {name}[] =\n")
            for i in range(0, len(data), 60):
                chunk = data[i:i + 60]
                f.write('    "' + "".join(
                    chr(b) if 32 <= b < 127 and b not in (34, 92, 63) else f"\\{b:03o}"
                    for b in chunk) + '"\n')
            f.write(";\n")
            f.write(f"const size_t {name}_len = {len(data)};\n\n")


if __name__ == "__main__":
    main()
