# Reference images of the UI tests (tests/ref/): made anew only on purpose.
.PHONY: update-ref
update-ref: all test-content
	@B=$(B) bash tests/ref/update.sh
