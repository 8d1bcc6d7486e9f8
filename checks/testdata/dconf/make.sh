#!/bin/sh
# Regenerates the dconf user databases here with the real dconf-service
# (Debian 12: packages dbus, dconf-service, libglib2.0-bin,
# gsettings-desktop-schemas). Run from this directory: sh make.sh
set -eu
make_db() { # out-file, then gsettings set triples
	out=$1; shift
	tmp=$(mktemp -d)
	mkdir -m 700 "$tmp/run"
	env -i PATH=/usr/bin:/bin HOME="$tmp" XDG_CONFIG_HOME="$tmp/cfg" XDG_RUNTIME_DIR="$tmp/run" LC_ALL=C.UTF-8 \
		dbus-run-session -- sh -c 'while [ $# -gt 0 ]; do gsettings set "$1" "$2" "$3"; shift 3; done' sh "$@" 2>/dev/null
	cp "$tmp/cfg/dconf/user" "$out"
	rm -rf "$tmp"
}
p=org.gnome.system.proxy
make_db user-manual \
	$p mode manual \
	$p.http host proxy.example $p.http port 8080 \
	$p.http use-authentication true $p.http authentication-user alice $p.http authentication-password s3cr3t \
	$p.https host secure-proxy.example $p.https port 3128 \
	$p ignore-hosts "['localhost', '*.corp.example', 'bücher.example']" \
	org.gnome.desktop.interface clock-format 12h
make_db user-auto \
	$p mode auto $p autoconfig-url http://wpad.example/proxy.pac

# Compiled proxy schemas (GVDB, as glib-compile-schemas writes them): as
# installed, and with a vendor override (schemas-override/*.override).
for d in schemas schemas-override; do
	cp /usr/share/glib-2.0/schemas/org.gnome.system.proxy.gschema.xml /usr/share/glib-2.0/schemas/org.gnome.desktop.enums.xml $d/
	glib-compile-schemas --strict $d/
	rm $d/*.xml
done
