# Fuzz targets (tests/fuzz/fuzz_*.c): libFuzzer with clang, ASan and UBSan, one program per
# reader of outside input, built into build/fuzz/ from a clang build of the kiosk library.
#
#   make fuzz                      every target for FUZZ_SECONDS (default 60) each
#   make fuzz FUZZ_TARGETS=vtt     only some (names without fuzz_)
#   make fuzz-build                only build them (make test does, then runs each briefly)
#
# Seeds: the repository's own files of each kind, copied at build time (tests/fuzz/seeds.sh),
# plus the small inputs kept in tests/fuzz/seeds/<target>/ (among them those that found bugs).
# New inputs libFuzzer finds go to build/fuzz/corpus/<target>/, never into the tree.

FZ := $(B)/fuzz
FUZZ_CC ?= clang
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_CFLAGS = -std=c17 -Wall -Wextra -Werror -g -O1 -D_GNU_SOURCE -Ikiosk -Itests \
	-fsanitize=fuzzer-no-link $(FUZZ_SAN) $(PKG_CFLAGS)
FUZZ_SRC := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_ALL := $(FUZZ_SRC:tests/fuzz/fuzz_%.c=%)
FUZZ_TARGETS ?= $(FUZZ_ALL)
FUZZ_BINS := $(FUZZ_ALL:%=$(FZ)/fuzz_%)
FUZZ_SECONDS ?= 60

.PHONY: fuzz fuzz-build fuzz-seeds

$(FZ)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  FUZZCC  $<"
	@$(FUZZ_CC) $(FUZZ_CFLAGS) -MMD -MP -c $< -o $@

$(FZ)/libkiosk.a: $(KIOSK_SRC:%.c=$(FZ)/obj/%.o)
	@rm -f $@
	@ar rcs $@ $^

$(FZ)/fuzz_%: $(FZ)/obj/tests/fuzz/fuzz_%.o $(FZ)/libkiosk.a
	$(FUZZ_CC) -fsanitize=fuzzer $(FUZZ_SAN) -o $@ $^ $(PKG_LIBS) -lm -lpthread

fuzz-seeds: test-content
	@B=$(B) tests/fuzz/seeds.sh

fuzz-build: deps $(FUZZ_BINS) fuzz-seeds

fuzz: fuzz-build
	@B=$(B) tests/fuzz/run $(FUZZ_SECONDS) $(FUZZ_TARGETS)

-include $(shell find $(FZ)/obj -name '*.d' 2>/dev/null)
