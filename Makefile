# skype-wrap: see README.md. `make CONFIG=path/to/host.h` builds with a host's
# own settings; `sudo make check` runs the whole test suite.
VERSION = 0.1
PREFIX = /usr/local
MANPREFIX = $(PREFIX)/share/man
APPDIR = $(PREFIX)/share/applications
CONFIG = config.h
BIN = skype-wrap

# musl, because glibc's static NSS is broken; it needs the kernel's UAPI
# headers from linux-libc-dev after its own.
ifneq ($(shell command -v musl-gcc 2>/dev/null),)
CC = musl-gcc
UAPI = -idirafter /usr/include -idirafter /usr/include/$(shell gcc -print-multiarch)
endif

CPPFLAGS = -DVERSION='"$(VERSION)"' -DCONFIG_H='"$(abspath $(CONFIG))"' $(UAPI)
CFLAGS = -std=c11 -Os -Wall -Wextra -Werror
LDFLAGS = -static

all: $(BIN)

SRC = skype-wrap.c confine.c xpra.c links.c share.c

$(BIN): $(SRC) skype-wrap.h $(CONFIG) $(BIN).config
	$(CC) $(CPPFLAGS) $(CFLAGS) -o $@ $(SRC) $(LDFLAGS)

# Names the config the binary was built from, so that another CONFIG
# rebuilds it.
$(BIN).config: FORCE
	@echo '$(abspath $(CONFIG))' | cmp -s - $@ || echo '$(abspath $(CONFIG))' >$@

# Shell scripts by their shebang; SC2016 is off because single-quoted
# scripts handed to another shell (the app's, the VM's) are the norm here.
SCRIPTS = install-deps .ci/run tests/install-deps tests/run tests/caller-session \
	tests/vm/boot tests/vm/init tests/vm/webcam-init tests/vm/guest.sh tests/xpra6-debs \
	bench/run bench/caller-session bench/firejail-session bench/forker bench/reference.sh \
	bench/xpra-versions bench/share

lint:
	shellcheck --exclude=SC2016 $(SCRIPTS) tests/*.bats
	shellcheck --exclude=SC2016 --shell=bash tests/*.bash
	cppcheck --quiet --error-exitcode=1 --enable=warning,style,performance,portability \
		--inline-suppr -D__x86_64__ -DVERSION='"lint"' -DCONFIG_H='"$(abspath $(CONFIG))"' \
		$(SRC)
	for f in $(SRC); do \
		gcc -std=c11 -fanalyzer -Wall -Wextra -Werror -DVERSION='"lint"' \
			-DCONFIG_H='"$(abspath $(CONFIG))"' -c $$f -o /dev/null || exit 1; \
	done

# Installs with apt-get what the build and a session need (./packages).
deps:
	./install-deps

# Installs what the build and tests need (apt-get), then runs them as root.
check:
	tests/install-deps
	$(MAKE) all lint
	tests/run

# An example's config installs as a command and a launcher of its own
# (examples/zoom.h: zoom-wrap, examples/zoom.desktop), so that sandboxed
# apps sit side by side; any other config as skype-wrap.
EXAMPLE = $(patsubst $(CURDIR)/examples/%.h,%,$(filter $(CURDIR)/examples/%.h,$(abspath $(CONFIG))))
NAME = $(if $(EXAMPLE),$(EXAMPLE)-wrap,skype-wrap)
LAUNCHER = $(if $(EXAMPLE),examples/$(EXAMPLE).desktop,skype-wrap.desktop)

# The links a launcher takes (its MimeType, a chat example's URL scheme)
# reach it through the menu's cache, where the desktop's tools are installed.
UPDATE_MENU = if command -v update-desktop-database >/dev/null; then \
	update-desktop-database -q $(DESTDIR)$(APPDIR); fi

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANPREFIX)/man1 $(DESTDIR)$(APPDIR)
	install -m 4755 -o root -g root $(BIN) $(DESTDIR)$(PREFIX)/bin/$(NAME)
	install -m 0644 skype-wrap.1 $(DESTDIR)$(MANPREFIX)/man1/skype-wrap.1
	install -m 0644 $(LAUNCHER) $(DESTDIR)$(APPDIR)/$(NAME).desktop
	$(UPDATE_MENU)

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/$(NAME) $(DESTDIR)$(MANPREFIX)/man1/skype-wrap.1 \
		$(DESTDIR)$(APPDIR)/$(NAME).desktop
	$(UPDATE_MENU)

# Creates the sandbox user, its directories, the group membership of
# $(SUDO_USER), the firewall rules and the quota, from $(CONFIG).
setup: all
	$(abspath $(BIN)) --setup

bench: all
	bench/run

clean:
	rm -f $(BIN) $(BIN).config

.PHONY: all deps lint check install uninstall setup bench clean FORCE
