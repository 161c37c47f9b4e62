# Wegwijs: a plain Makefile. The two set-up commands are `make run` and `make test`;
# both install what is missing (make deps), build, and make the sample content first.
#
#   make deps      Debian packages (apt-get; does nothing when all are present)
#   make           build the kiosk and the tools into build/
#   make run       build, make the sample content, start the kiosk in a window
#   make test      build, make the test content, run every test ("N passed, N failed")
#   make bench     performance figures, one table
#   make fuzz      the fuzz targets, FUZZ_SECONDS each (mk/fuzz.mk); make soak: a million monkey events
#   make update-ref  the reference images of the UI tests, anew (tests/ref/; on purpose only)
#   make SANITIZE=1 test   the same under AddressSanitizer + UndefinedBehaviorSanitizer
#   make TSAN=1 test       the tests that use threads, under ThreadSanitizer (in build/tsan)
#   make format    clang-format every C file (make test fails on unformatted files: tests/sh/format.sh)
#
# Areas add their own rules in mk/*.mk (content, videos, packs), included at the end.

.DEFAULT_GOAL := all
.DELETE_ON_ERROR:
# Keep test and tool objects between runs (they are intermediate files of pattern rules).
.SECONDARY:

# make TSAN=1 test builds apart (build/tsan), so the normal build is not thrown away.
ifeq ($(TSAN),1)
B := build/tsan
else
B := build
endif

# libvlc-bin brings vlc-cache-gen, whose package trigger writes VLC's plugins.dat: without it
# libvlc_new() loads all ~350 plugins and their libraries to read them (19 MB more idle memory).
DEB_PACKAGES := build-essential pkg-config clang-format clang libclang-rt-dev \
	libsdl2-dev libsdl2-ttf-dev libharfbuzz-dev libfreetype-dev libicu-dev \
	libvlc-dev vlc-plugin-base libvlc-bin libsodium-dev libarchive-dev nettle-dev libsqlite3-dev sqlite3 libpng-dev \
	fonts-noto-core fonts-noto-ui-core fonts-noto-color-emoji espeak-ng ffmpeg minisign gettext unicode-data \
	libavformat-dev libavcodec-dev libavutil-dev libswscale-dev \
	xvfb xdotool python3 libsystemd-dev debhelper dpkg-dev fakeroot lintian \
	cage grim wtype xwayland syncthing \
	libopusenc-dev libopusfile-dev libqrencode-dev zbar-tools

PKGS := sdl2 SDL2_ttf harfbuzz freetype2 icu-uc icu-i18n libvlc libsodium libarchive \
	sqlite3 libpng nettle libsystemd libavformat libavcodec libavutil libswscale \
	libopusenc opusfile libqrencode

# Recursively expanded on purpose: `make deps` must work before pkg-config knows anything.
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS))
PKG_LIBS = $(shell pkg-config --libs $(PKGS))

OPT ?= -O2
CFLAGS_BASE := -std=c17 -Wall -Wextra -Werror -g $(OPT) -D_GNU_SOURCE -Ikiosk -Itests -MMD -MP
ifeq ($(SANITIZE),1)
CFLAGS_BASE += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS_SAN := -fsanitize=address,undefined
endif
ifeq ($(TSAN),1)
CFLAGS_BASE += -fsanitize=thread -fno-omit-frame-pointer
LDFLAGS_SAN := -fsanitize=thread
endif
CFLAGS = $(CFLAGS_BASE) $(PKG_CFLAGS) $(EXTRA_CFLAGS)
LDLIBS = $(LDFLAGS_SAN) $(PKG_LIBS) -lm -lpthread

KIOSK_SRC := $(sort $(shell find kiosk -name '*.c' ! -path kiosk/main.c))
KIOSK_OBJ := $(KIOSK_SRC:%.c=$(B)/obj/%.o)
TOOLS := $(notdir $(patsubst %/,%,$(sort $(dir $(wildcard tools/*/*.c)))))
TOOL_BINS := $(TOOLS:%=$(B)/%)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
BENCH_SRC := $(sort $(wildcard tests/bench/*.c))
BENCH_BINS := $(BENCH_SRC:tests/bench/%.c=$(B)/bench/%)

.PHONY: all deps run test bench format clean check-format

all: $(B)/kiosk $(TOOL_BINS) $(UNIT_BINS)

# A change of flags (SANITIZE=1 and back) rebuilds everything instead of mixing objects.
$(B)/.flags: FORCE
	@mkdir -p $(B)
	@echo '$(CFLAGS_BASE) $(EXTRA_CFLAGS)' | cmp -s - $@ || echo '$(CFLAGS_BASE) $(EXTRA_CFLAGS)' > $@
FORCE:

$(B)/obj/%.o: %.c $(B)/.flags
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(CFLAGS) -c $< -o $@

$(B)/libkiosk.a: $(KIOSK_OBJ)
	@rm -f $@
	@echo "  AR      $@"
	@ar rcs $@ $^

$(B)/kiosk: $(B)/obj/kiosk/main.o $(B)/libkiosk.a
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Each tools/<name>/ folder is one program, build/<name>.
define TOOL_RULE
$(B)/$(1): $(patsubst %.c,$(B)/obj/%.o,$(wildcard tools/$(1)/*.c)) $(B)/libkiosk.a
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach t,$(TOOLS),$(eval $(call TOOL_RULE,$(t))))

$(B)/tests/%: $(B)/obj/tests/unit/%.o $(B)/libkiosk.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(LDLIBS)

$(B)/bench/%: $(B)/obj/tests/bench/%.o $(B)/libkiosk.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(LDLIBS)

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
		dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q '^install ok installed' || echo $$p; \
	done); \
	if [ -n "$$missing" ]; then \
		echo "make deps: installing $$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Test content is the sample text content plus the few small videos the tests play.
# The tests whose code runs threads of its own, for make TSAN=1 test (libvlc's threads are left
# out: the library is not built with ThreadSanitizer, so it would only report itself).
THREAD_TESTS := test_update_worker test_update_race

test: deps
ifeq ($(TSAN),1)
	$(MAKE) $(THREAD_TESTS:%=$(B)/tests/%)
	@B=$(B) TESTS_ONLY="$(THREAD_TESTS)" TSAN_OPTIONS="halt_on_error=1 exitcode=66" tests/run
else
	$(MAKE) all $(BENCH_BINS)
	$(MAKE) test-content
	$(MAKE) fuzz-build
	@tests/run
endif

bench: deps
	$(MAKE) all $(BENCH_BINS)
	$(MAKE) test-content
	@tests/bench/run

run: deps
	$(MAKE) all
	$(MAKE) sample-content
	$(B)/kiosk --windowed 1280x720 --state $(B)/state --content locales --content $(B)/content $(RUN_ARGS)

format:
	clang-format -i $$(find kiosk tools tests -name '*.[ch]')

check-format:
	@clang-format --dry-run --Werror $$(find kiosk tools tests -name '*.[ch]')

clean:
	rm -rf $(B)

-include $(shell find $(B)/obj -name '*.d' 2>/dev/null)
-include $(sort $(wildcard mk/*.mk))
