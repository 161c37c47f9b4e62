# Voice (issue 12): every text a resident can hear, spoken by espeak-ng at build time into
# build/content/<lang>/audio/<key>.opus (tools/mkspeech; nothing generated is committed).
# Inputs per language: kiosk.po, topics.po, pronounce.txt (what espeak reads wrongly) and
# recorded/<key>.* (a human voice, which wins over espeak-ng). Part of test-content and of the
# background content build; `make speech` makes all of them now. Dutch also speaks the sample
# location's address and place name (assets/location.conf; mkspeech --location).
.PHONY: speech

SPEECH_INDEX := $(CONTENT_LANGS:%=$(CONTENT_OUT)/%/audio/index.tsv)

define SPEECH_RULE
$(CONTENT_OUT)/$(1)/audio/index.tsv: $(B)/mkspeech $(CONTENT_ROOT)/topics.conf \
		$(wildcard $(CONTENT_ROOT)/$(1)/*.po $(CONTENT_ROOT)/$(1)/pronounce.txt \
			$(CONTENT_ROOT)/$(1)/recorded/*) $(if $(filter nl,$(1)),assets/location.conf)
	$(B)/mkspeech --root $(CONTENT_ROOT) --out $(CONTENT_OUT) --lang $(1) \
		$(if $(filter nl,$(1)),--location assets/location.conf)
endef
$(foreach l,$(CONTENT_LANGS),$(eval $(call SPEECH_RULE,$(l))))

speech: $(SPEECH_INDEX)
test-content: $(SPEECH_INDEX)
content: $(SPEECH_INDEX)
