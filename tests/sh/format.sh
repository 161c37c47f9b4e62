#!/usr/bin/env bash
# Formatting is checked, not reviewed: every C file under kiosk/, tools/ and tests/ must be
# exactly what clang-format (.clang-format at the top) makes of it. Fix with `make format`.
set -u
files=$(find kiosk tools tests -name '*.[ch]' | sort)
out=$(clang-format --dry-run --Werror $files 2>&1)
if [ -z "$out" ]; then
    echo "PASS format_clang_format"
else
    bad=$(grep -oE '^[^: ]+\.[ch]:[0-9]+' <<<"$out" | cut -d: -f1 | sort -u | tr '\n' ' ')
    echo "FAIL format_clang_format: not formatted (make format): $bad"
fi
