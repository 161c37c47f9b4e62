#!/usr/bin/env bash
# Every fuzz target for a few seconds (FUZZ_TEST_SECONDS, default 3) over its seeds and what
# earlier runs found: the inputs that once found bugs are replayed every time. make test
# builds the targets first (make fuzz-build); make fuzz runs them as long as asked.
set -u
B=${B:-build}
B="$B" FUZZ_LOGDIR="$B/fuzz/logs-test" tests/fuzz/run "${FUZZ_TEST_SECONDS:-3}"

# The LeakSanitizer suppression for VLC's plugins must exist in a clang ASan build too
# (clang has no __SANITIZE_ADDRESS__; it was compiled out once). The fuzz build is one.
obj=$B/fuzz/obj/kiosk/video/video.o
if nm "$obj" 2>/dev/null | grep -q ' T __lsan_default_suppressions$'; then
    echo "PASS lsan_suppression_clang"
else
    echo "FAIL lsan_suppression_clang: $obj (clang, ASan) lacks __lsan_default_suppressions"
fi
