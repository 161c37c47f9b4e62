# The monkey for a million events (tests/sh/monkey.sh; make test runs 2,000).
.PHONY: soak
SOAK_EVENTS ?= 1000000
soak: all test-content
	@MONKEY_EVENTS=$(SOAK_EVENTS) MONKEY_OUT=$(B)/soak B=$(B) bash tests/sh/monkey.sh
