# Content (issue 5): locale checks, b1lint's shared modules, explainer videos.
#
#   make content         every topic in every language (only what changed); also
#                        content-nl, content-ar ... for one language
#   make test-content    what the tests need: one topic in nl, ar and ti (silent)
#   make sample-content  for `make run`: texts are in locales/ already; the videos are made by a
#                        background `make content` (Dutch first), log in build/content.log
#
# A language is a folder locales/<lang>/ with topics.po; the topics are the slugs of
# locales/topics.conf. mkexplainer decides per language: espeak-ng voice -> a narrated video;
# none (ti) -> a calm silent video with the language's slides and subtitles. Other languages
# still wait for the Dutch video of their topic, so that Dutch is ready first. A stamp per (language, topic) keeps make fast; mkexplainer
# itself also skips a topic whose inputs did not change (hash in the WebVTT file).
.PHONY: test-content sample-content content check-locales content-background

CONTENT_ROOT := locales
CONTENT_OUT := $(B)/content
CONTENT_LANGS := $(patsubst $(CONTENT_ROOT)/%/topics.po,%,$(wildcard $(CONTENT_ROOT)/*/topics.po))
CONTENT_TOPICS := $(shell sed -n 's/^\([a-z0-9][a-z0-9-]*\)[[:space:]].*/\1/p' \
	$(CONTENT_ROOT)/topics.conf 2>/dev/null)
CONTENT_STAMPS := $(foreach l,$(CONTENT_LANGS),$(foreach t,$(CONTENT_TOPICS),\
	$(CONTENT_OUT)/.stamp/$(l)/$(t)))
TEST_CONTENT_TOPIC := clientondersteuning
MKEXPLAINER_FLAGS ?=

# Every language has every key, nothing untranslated or fuzzy, msgfmt --check passes.
check-locales:
	@mkdir -p $(B)
	@bash tests/sh/content_locales.sh $(CONTENT_ROOT) >$(B)/check-locales.log 2>&1 || \
		{ grep '^FAIL' $(B)/check-locales.log; exit 1; }

$(CONTENT_OUT)/.stamp/%: $(B)/mkexplainer $(CONTENT_ROOT)/topics.conf assets/fonts.txt
	@mkdir -p $(dir $@)
	$(B)/mkexplainer --root $(CONTENT_ROOT) --out $(CONTENT_OUT) $(MKEXPLAINER_FLAGS) \
		--lang $(patsubst %/,%,$(dir $*)) --topic $(notdir $*)
	@touch $@

# Texts of each stamp: its language's PO files; other languages wait for the Dutch video.
define CONTENT_STAMP_DEPS
$(CONTENT_OUT)/.stamp/$(1)/$(2): $(CONTENT_ROOT)/$(1)/topics.po $(CONTENT_ROOT)/$(1)/kiosk.po \
	$(if $(filter-out nl,$(1)),$(CONTENT_OUT)/.stamp/nl/$(2))
endef
$(foreach l,$(CONTENT_LANGS),$(foreach t,$(CONTENT_TOPICS),\
	$(eval $(call CONTENT_STAMP_DEPS,$(l),$(t)))))
CONTENT_PER_LANG := $(CONTENT_LANGS:%=content-%)
.PHONY: $(CONTENT_PER_LANG)
$(CONTENT_PER_LANG): content-%: check-locales
	$(MAKE) --no-print-directory $(foreach t,$(CONTENT_TOPICS),$(CONTENT_OUT)/.stamp/$*/$(t))

content: check-locales $(CONTENT_STAMPS)

test-content: $(B)/mkexplainer $(foreach l,nl ar ti,$(CONTENT_OUT)/.stamp/$(l)/$(TEST_CONTENT_TOPIC))

# The kiosk starts at once with every text; videos appear as they are made (the kiosk shows
# the Dutch video with a notice, or the text, until then). flock: one background build at a
# time, however often `make run` is started.
sample-content: $(B)/mkexplainer check-locales
	@mkdir -p $(CONTENT_OUT)
	@if command -v flock >/dev/null && ! flock -n $(B)/.content.lock true; then \
		echo "sample-content: videos are already being made (see $(B)/content.log)"; \
	else \
		echo "sample-content: making the videos in the background, Dutch first" \
			"(log: $(B)/content.log)"; \
		MAKEFLAGS= MAKELEVEL= nohup flock $(B)/.content.lock nice -n 10 \
			$(MAKE) --no-print-directory content-background >$(B)/content.log 2>&1 </dev/null & \
	fi

content-background:
	$(MAKE) --no-print-directory -j2 speech
	$(MAKE) --no-print-directory -j2 content-nl
	$(MAKE) --no-print-directory -j2 content

# b1lint's modules are also linked by its unit tests: their own rule, so these objects come
# before libkiosk.a on the link line (they use its log).
B1LINT_LIB := $(B)/obj/tools/b1lint/lint.o $(B)/obj/tools/b1lint/posrc.o
$(B)/tests/test_b1lint $(B)/tests/test_b1lint_po: $(B)/tests/%: $(B)/obj/tests/unit/%.o \
		$(B1LINT_LIB) $(B)/libkiosk.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(LDLIBS)
