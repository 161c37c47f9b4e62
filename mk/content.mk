# Content rules (issue: content). test-content: what the tests need, fast.
# sample-content: what `make run` shows first; the rest of the videos come in the background.
.PHONY: test-content sample-content content check-locales

# Every language has every key, nothing untranslated or fuzzy, msgfmt --check passes.
check-locales:
	@mkdir -p $(B)
	@bash tests/sh/content_locales.sh locales >$(B)/check-locales.log 2>&1 || \
		{ grep '^FAIL' $(B)/check-locales.log; exit 1; }

test-content:
sample-content:
content: check-locales

# b1lint's modules are shared: its unit tests and mkexplainer (the PO reader) link them too.
# Their own rules, so these objects come before libkiosk.a on the link line (they use its log).
B1LINT_LIB := $(B)/obj/tools/b1lint/lint.o $(B)/obj/tools/b1lint/po.o
$(B)/tests/test_b1lint $(B)/tests/test_b1lint_po: $(B)/tests/%: $(B)/obj/tests/unit/%.o \
		$(B1LINT_LIB) $(B)/libkiosk.a
	@mkdir -p $(dir $@)
	$(CC) -o $@ $^ $(LDLIBS)
