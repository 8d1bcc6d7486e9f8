#!/usr/bin/env bash
# Tests gatewatch's Linux archive (`make package-test` runs it):
#   1. the archive holds what its .desktop file references: the Exec
#      program, the Icon, and gatewatch-ui next to gatewatch; both report
#      FyneApp.toml's version;
#   2. `make install` into a temporary HOME installs a menu entry whose Exec
#      is the installed program, and `make uninstall` then leaves the HOME
#      exactly as it was (also with a PREFIX containing a space).
# No network, no root, nothing outside its temporary directory.
#
#   package-test.sh ARCHIVE.tar.xz
set -euo pipefail
pkg=$(realpath "${1:?usage: package-test.sh ARCHIVE.tar.xz}")
here=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/^Version *= *"\([^"]*\)".*/\1/p' "$here/FyneApp.toml")
app_id=$(sed -n 's/^ID *= *"\([^"]*\)".*/\1/p' "$here/FyneApp.toml")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gatewatch-pkgtest.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
pass() { echo "ok   $*"; }

# key FILE KEY: the value of KEY in the [Desktop Entry] group.
key() { awk -v k="$2" -F= '/^\[/{g=$0} g=="[Desktop Entry]" && $1==k {sub(/^[^=]*=/, ""); print; exit}' "$1"; }

# --- 1. archive contents ---------------------------------------------------
mkdir "$tmp/x"
tar -xJf "$pkg" -C "$tmp/x"
top=$tmp/x/gatewatch
usr=$top/usr/local
[[ -d $usr ]] || usr=$top/usr
desktop=$usr/share/applications/$app_id.desktop
if [[ -f $desktop ]]; then pass "archive has ${desktop#"$top/"}"; else fail "no $app_id.desktop in the archive"; fi
exec_prog=$(key "$desktop" Exec | awk '{print $1}')
icon=$(key "$desktop" Icon)
[[ $(key "$desktop" Type) == Application ]] || fail "Type is not Application"
if [[ -x $usr/bin/$exec_prog ]]; then pass "Exec=$exec_prog is in the archive"; else fail "Exec=$exec_prog: no usr/.../bin/$exec_prog"; fi
[[ $exec_prog == gatewatch ]] || fail "Exec starts $exec_prog, not the resident gatewatch"
if [[ $icon == "$app_id" && -f $usr/share/pixmaps/$icon.png ]]; then
	pass "Icon=$icon is in the archive"
else
	fail "Icon=$icon: want $app_id with usr/.../share/pixmaps/$app_id.png"
fi
if file "$usr/share/pixmaps/$icon.png" | grep -q 'PNG image data, 512 x 512'; then pass "icon is a 512x512 PNG"; else fail "icon: $(file -b "$usr/share/pixmaps/$icon.png")"; fi
[[ -x $usr/bin/gatewatch-ui ]] && pass "gatewatch-ui is next to gatewatch" || fail "no gatewatch-ui in the archive"
[[ -f $top/Makefile ]] && grep -q '^user-install:' "$top/Makefile" && pass "archive Makefile has user-install" || fail "archive Makefile"
for b in gatewatch gatewatch-ui; do
	got=$("$usr/bin/$b" --version 2>/dev/null)
	[[ $got == "$b $version" ]] && pass "$b --version: $got" || fail "$b --version says '$got', want '$b $version'"
done
if command -v desktop-file-validate >/dev/null; then
	if out=$(desktop-file-validate "$desktop" 2>&1) && [[ -z $out ]]; then pass "desktop-file-validate"; else fail "desktop-file-validate: $out"; fi
fi

# --- 2. install into a temporary HOME, then uninstall -----------------------
# snapshot DIR: every path under DIR with its type, size and mode.
snapshot() { (cd "$1" && find . -printf '%y %s %m %p\n' | sort); }

# unquote VALUE: one Exec argument as a desktop reads it (enough for the
# quoting the archive's Makefile writes: plain, or "…" without escapes).
unquote() { local v=$1; v=${v#\"}; v=${v%\"}; printf '%s' "$v"; }

check_install() { # check_install NAME HOME PREFIX [make args...]
	local name=$1 home=$2 prefix=$3
	shift 3
	local before after
	before=$(snapshot "$home")
	if ! env -u XDG_CONFIG_HOME -u XDG_DATA_HOME HOME="$home" make -s -C "$here" install ARCHIVE="$pkg" "$@" >"$tmp/install.log" 2>&1; then
		fail "$name: make install"; cat "$tmp/install.log" >&2; return
	fi
	local d=$prefix/share/applications/$app_id.desktop
	[[ -x $prefix/bin/gatewatch && -x $prefix/bin/gatewatch-ui ]] && pass "$name: binaries in $prefix/bin" || fail "$name: binaries not in $prefix/bin"
	[[ -f $prefix/share/icons/hicolor/512x512/apps/$app_id.png ]] && pass "$name: icon in the hicolor theme" || fail "$name: no themed icon"
	local exe
	exe=$(unquote "$(key "$d" Exec)")
	[[ $exe == "$prefix/bin/gatewatch" ]] && pass "$name: menu entry Exec=$(key "$d" Exec)" || fail "$name: Exec=$(key "$d" Exec), want $prefix/bin/gatewatch"
	if command -v desktop-file-validate >/dev/null; then
		local out
		out=$(desktop-file-validate "$d" 2>&1) && [[ -z $out ]] && pass "$name: installed entry validates" || fail "$name: desktop-file-validate: $out"
	fi
	local v
	v=$("$exe" version 2>/dev/null) && [[ $v == "gatewatch $version" ]] || fail "$name: installed gatewatch version says '$v'"
	# A start-at-login entry for this copy, as the settings window writes it.
	mkdir -p "$home/.config/autostart"
	printf '[Desktop Entry]\nType=Application\nName=gatewatch\nExec="%s"\nIcon=%s\n' "$prefix/bin/gatewatch" "$app_id" >"$home/.config/autostart/$app_id.desktop"
	if ! env -u XDG_CONFIG_HOME HOME="$home" make -s -C "$here" uninstall "$@" >"$tmp/uninstall.log" 2>&1; then
		fail "$name: make uninstall"; cat "$tmp/uninstall.log" >&2; return
	fi
	rmdir "$home/.config/autostart" 2>/dev/null || true # made by this test, above
	after=$(snapshot "$home")
	if [[ $before == "$after" ]]; then
		pass "$name: make uninstall left nothing behind"
	else
		fail "$name: make uninstall left:"; diff <(echo "$before") <(echo "$after") >&2 || true
	fi
}

# A HOME like a desktop user's: ~/.local/share and ~/.config with files in
# them, no ~/.local/bin yet.
home=$tmp/home
mkdir -p "$home/.local/share" "$home/.config"
echo keep >"$home/.local/share/other-app.txt"
echo keep >"$home/.config/other.conf"
check_install "default PREFIX" "$home" "$home/.local"

# A PREFIX with a space: the menu entry quotes Exec.
home2=$tmp/home2
mkdir -p "$home2/My Apps/gw" "$home2/.config"
check_install "PREFIX with a space" "$home2" "$home2/My Apps/gw" PREFIX="$home2/My Apps/gw"

if ((fails > 0)); then
	echo "package-test: $fails failure(s)" >&2
	exit 1
fi
echo "package-test: all passed"
