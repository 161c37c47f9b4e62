# Every screen fits (issue 10): staff mode's Dutch strings are built into the program
# (mk/embed.py writes them into a C source in build/), so staff can load the first pack on a
# kiosk with no content at all. The fit test itself is tests/sh/fit_screens.sh.
EMBED_OBJ := $(B)/obj/$(B)/gen/embedded.o

$(B)/gen/embedded.c: mk/embed.py locales/nl/staff.po
	@mkdir -p $(dir $@)
	python3 mk/embed.py $@ embedded_nl_staff_po locales/nl/staff.po

$(B)/libkiosk.a: $(EMBED_OBJ)
