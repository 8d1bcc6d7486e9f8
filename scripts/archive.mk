# The Makefile of gatewatch's Linux archive (made by `make package`, which
# copies this file into the archive as Makefile). It replaces the one
# `fyne package` writes, keeping its targets, because gatewatch is two
# programs (gatewatch and gatewatch-ui) and its icon belongs in the icon
# theme, where desktops look it up by name.
#
#   make user-install       for you only, into ~/.local (no root needed)
#   make user-uninstall     removes it again, and its start-at-login entry
#   sudo make install       for everyone, into /usr/local
#   sudo make uninstall
#
# PREFIX=DIR changes where; DESTDIR stages a system install for packagers.
# Your settings (~/.config/gatewatch) are kept: remove that directory too
# to forget them.

APP_ID ?= io.github.gatewatch
PREFIX ?= /usr/local
user-install user-uninstall: PREFIX = $(HOME)/.local

# fyne package puts the files under usr/local when the machine that built
# the archive has /usr/local, under usr otherwise.
SRC := $(if $(wildcard usr/local/bin/gatewatch),usr/local,usr)
BINS := gatewatch gatewatch-ui
DESKTOP := share/applications/$(APP_ID).desktop
ICON := share/icons/hicolor/512x512/apps/$(APP_ID).png
# Directories install may have created, deepest first: uninstall removes
# those left empty (never PREFIX itself).
DIRS := share/icons/hicolor/512x512/apps share/icons/hicolor/512x512 share/icons/hicolor share/icons share/applications share bin

.PHONY: default install uninstall user-install user-uninstall remove-autostart

default:
	@sed -n '/^#   make/,/^#   sudo make uninstall/s/^# *//p' $(firstword $(MAKEFILE_LIST))

# The menu entry's Exec names the installed program by its absolute path:
# ~/.local/bin is not on every session's PATH. A path with spaces is quoted
# as the Desktop Entry Specification asks; characters that would need
# escaping inside the quotes are refused rather than written wrong.
user-install: install
user-uninstall: uninstall remove-autostart

install:
	@set -e; dest='$(DESTDIR)$(PREFIX)'; exe='$(PREFIX)/bin/gatewatch'; \
	case "$$exe" in *[\"\`\$$\\%]*) echo "PREFIX must not contain \" \` \$$ \\ or %: $(PREFIX)" >&2; exit 2;; esac; \
	case "$$exe" in *[![:alnum:]/._+,:@=-]*) exe="\"$$exe\"";; esac; \
	for b in $(BINS); do install -Dm755 "$(SRC)/bin/$$b" "$$dest/bin/$$b"; done; \
	install -Dm644 "$(SRC)/share/pixmaps/$(APP_ID).png" "$$dest/$(ICON)"; \
	install -d "$$dest/share/applications"; \
	tmp="$$dest/$(DESKTOP).tmp"; \
	while IFS= read -r line; do \
		case "$$line" in Exec=*) printf 'Exec=%s\n' "$$exe";; *) printf '%s\n' "$$line";; esac; \
	done < "$(SRC)/$(DESKTOP)" > "$$tmp"; \
	chmod 644 "$$tmp"; mv -f "$$tmp" "$$dest/$(DESKTOP)"; \
	echo "installed gatewatch in $$dest (menu entry $(APP_ID))"

uninstall:
	@set -e; dest='$(DESTDIR)$(PREFIX)'; \
	for b in $(BINS); do rm -f "$$dest/bin/$$b"; done; \
	rm -f "$$dest/$(ICON)" "$$dest/$(DESKTOP)"; \
	for d in $(DIRS); do \
		if [ -d "$$dest/$$d" ]; then rmdir --ignore-fail-on-non-empty "$$dest/$$d"; fi; \
	done; \
	echo "removed gatewatch from $$dest"

# The start-at-login entry the settings window writes, if it starts this
# copy (an entry for a copy installed elsewhere is left alone).
remove-autostart:
	@set -e; auto="$${XDG_CONFIG_HOME:-$$HOME/.config}/autostart/$(APP_ID).desktop"; \
	if [ -f "$$auto" ] && grep -qF '$(PREFIX)/bin/gatewatch' "$$auto"; then \
		rm -f "$$auto"; echo "removed the start-at-login entry $$auto"; \
	fi
