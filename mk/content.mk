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
