#!/usr/bin/env bash
# Every fuzz target for a few seconds (FUZZ_TEST_SECONDS, default 3) over its seeds and what
# earlier runs found: the inputs that once found bugs are replayed every time. make test
# builds the targets first (make fuzz-build); make fuzz runs them as long as asked.
set -u
B=${B:-build}
B="$B" tests/fuzz/run "${FUZZ_TEST_SECONDS:-3}"
