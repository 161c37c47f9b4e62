# Installation (issue 14): `make install PREFIX=/usr DESTDIR=...`, the usual places.
#
#   $(BINDIR)           wegwijs (the kiosk), wegwijs-packtool, wegwijs-staffpin
#   $(MANDIR)/man1      their manual pages
#   $(DATADIR)          fonts.txt and the sample location.conf (the kiosk's data folder)
#   $(DATADIR)/content  the sample content root (texts of every language); `make
#                       install-content`, packaged apart as wegwijs-content
#   $(SYSTEMDUNITDIR)   wegwijs.service (cage + the kiosk, Type=notify with a watchdog)
#   $(SYSUSERSDIR)      the wegwijs system user; $(TMPFILESDIR) its /var/lib/wegwijs
#   $(SYSCONFDIR)/wegwijs/keys   the folder for the municipality's public keys (empty)
#
# The kiosk finds its data folder itself (kiosk/core/datadir.h): beside the program first
# (so an install under DESTDIR runs as it is), then the DATADIR compiled in.
.PHONY: install install-program install-content uninstall

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/wegwijs
MANDIR ?= $(PREFIX)/share/man
SYSCONFDIR ?= /etc
SYSTEMDUNITDIR ?= $(PREFIX)/lib/systemd/system
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
INSTALL ?= install

# Programs installed, as build-name:installed-name.
INSTALL_PROGRAMS := kiosk:wegwijs packtool:wegwijs-packtool staffpin:wegwijs-staffpin

# The compiled-in data folder: a change of DATADIR rebuilds the one object that holds it.
# (Written while the Makefile is read: a FORCE rule is never run under the global .SECONDARY.)
$(shell mkdir -p $(B) && { echo '$(DATADIR)' | cmp -s - $(B)/.datadir || \
	echo '$(DATADIR)' > $(B)/.datadir; })
$(B)/obj/kiosk/core/datadir.o: $(B)/.datadir
$(B)/obj/kiosk/core/datadir.o: CFLAGS += -DWEGWIJS_DATADIR='"$(DATADIR)"'

install: install-program install-content

install-program: $(B)/kiosk $(B)/packtool $(B)/staffpin
	$(INSTALL) -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(SYSTEMDUNITDIR) \
		$(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) $(DESTDIR)$(SYSCONFDIR)/wegwijs/keys \
		$(DESTDIR)$(MANDIR)/man1
	$(foreach p,$(INSTALL_PROGRAMS),\
		$(INSTALL) -m 0755 $(B)/$(word 1,$(subst :, ,$(p))) \
			$(DESTDIR)$(BINDIR)/$(word 2,$(subst :, ,$(p)));)
	$(INSTALL) -m 0644 assets/fonts.txt assets/location.conf $(DESTDIR)$(DATADIR)/
	$(INSTALL) -m 0644 assets/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	sed 's|/usr/bin/wegwijs|$(BINDIR)/wegwijs|g' assets/wegwijs.service \
		> $(DESTDIR)$(SYSTEMDUNITDIR)/wegwijs.service
	chmod 0644 $(DESTDIR)$(SYSTEMDUNITDIR)/wegwijs.service
	$(INSTALL) -m 0644 assets/wegwijs.sysusers $(DESTDIR)$(SYSUSERSDIR)/wegwijs.conf
	$(INSTALL) -m 0644 assets/wegwijs.tmpfiles $(DESTDIR)$(TMPFILESDIR)/wegwijs.conf

# Texts only: explainer videos are build output (make content) and reach kiosks as packs.
install-content:
	$(INSTALL) -d $(DESTDIR)$(DATADIR)/content
	$(INSTALL) -m 0644 locales/topics.conf $(DESTDIR)$(DATADIR)/content/
	for d in $(patsubst locales/%/,%,$(sort $(dir $(wildcard locales/*/*.po)))); do \
		$(INSTALL) -d $(DESTDIR)$(DATADIR)/content/$$d && \
		$(INSTALL) -m 0644 locales/$$d/*.po $(DESTDIR)$(DATADIR)/content/$$d/ || exit 1; \
	done

uninstall:
	rm -f $(foreach p,$(INSTALL_PROGRAMS),$(DESTDIR)$(BINDIR)/$(word 2,$(subst :, ,$(p)))) \
		$(DESTDIR)$(SYSTEMDUNITDIR)/wegwijs.service $(DESTDIR)$(SYSUSERSDIR)/wegwijs.conf \
		$(DESTDIR)$(TMPFILESDIR)/wegwijs.conf \
		$(foreach p,$(INSTALL_PROGRAMS),$(DESTDIR)$(MANDIR)/man1/$(word 2,$(subst :, ,$(p))).1)
	rm -rf $(DESTDIR)$(DATADIR)

# What the Debian package builds (debian/rules): the installed programs only.
.PHONY: programs
programs: $(B)/kiosk $(B)/packtool $(B)/staffpin
