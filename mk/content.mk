# Content rules (issue: content). test-content: what the tests need, fast.
# sample-content: what `make run` shows first; the rest of the videos come in the background.
.PHONY: test-content sample-content content
test-content:
sample-content:
content:
