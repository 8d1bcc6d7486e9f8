#!/usr/bin/env bash
# Packages gatewatch with `fyne package`, then adds what fyne package cannot
# know about:
#
#   package.sh linux OUT.tar.xz   the archive with a Makefile (user-install…)
#   package.sh darwin OUT.zip     gatewatch.app, zipped (on a Mac only: cgo
#                                 links against Cocoa there)
#
# fyne package packages one program, and would build it itself by injecting
# Fyne's metadata file into the main package: that would link Fyne into the
# resident tray, which must stay without a GUI toolkit. So both programs are
# built here with the version of FyneApp.toml, fyne package is given the
# resident (`--exe`) and writes the .desktop file, the icon and the layout,
# and then gatewatch-ui (which the tray starts from its own directory) is
# added: to the Linux archive with a Makefile that installs both, to the
# macOS bundle next to gatewatch in Contents/MacOS, with the bundle marked
# as a menu-bar app (LSUIElement: no Dock icon for the resident).
#
# fyne package also increments Build in the FyneApp.toml it reads; it reads
# a copy here, so packaging leaves the repository unchanged.
#
# Environment: GO (go), FYNE (fyne), LDFLAGS (from the Makefile).
set -euo pipefail
target=${1:?usage: package.sh linux|darwin OUT}
out=${2:?usage: package.sh linux|darwin OUT}
case $target in
linux) ;;
darwin) [[ $(uname -s) == Darwin ]] || { echo "package.sh: the macOS package is built on a Mac (see README, Install)" >&2; exit 1; } ;;
*) echo "package.sh: unknown target $target" >&2; exit 2 ;;
esac
here=$(cd "$(dirname "$0")/.." && pwd)
GO=${GO:-go}
FYNE=${FYNE:-fyne}
LDFLAGS=${LDFLAGS:?LDFLAGS must carry -X main.version=…}

command -v "$FYNE" >/dev/null || { echo "package.sh: $FYNE not found (go install fyne.io/tools/cmd/fyne@v1.7.4)" >&2; exit 1; }
app_id=$(sed -n 's/^ID *= *"\([^"]*\)".*/\1/p' "$here/FyneApp.toml")
[[ -n $app_id ]] || { echo "package.sh: no ID in FyneApp.toml" >&2; exit 1; }

stage=$(mktemp -d "${TMPDIR:-/tmp}/gatewatch-pkg.XXXXXX")
trap 'rm -rf "$stage"' EXIT

# Release binaries: no symbol table or DWARF (-s -w), for a smaller download.
mkdir -p "$stage/bin"
(cd "$here" &&
	"$GO" build -trimpath -ldflags "-s -w $LDFLAGS" -o "$stage/bin/gatewatch" . &&
	"$GO" build -trimpath -ldflags "-s -w $LDFLAGS" -o "$stage/bin/gatewatch-ui" ./cmd/gatewatch-ui)

# What fyne package reads: FyneApp.toml, the icon it names, and a .go file
# (it refuses a directory without Go code, though with --exe it builds
# nothing).
mkdir -p "$stage/src/assets" "$stage/work"
cp "$here/FyneApp.toml" "$stage/src/"
icon=$(sed -n 's/^Icon *= *"\([^"]*\)".*/\1/p' "$here/FyneApp.toml")
cp "$here/$icon" "$stage/src/$icon"
printf 'package main\n' >"$stage/src/main.go"
(cd "$stage/work" && "$FYNE" package --os "$target" --src "$stage/src" --exe "$stage/bin/gatewatch")
mkdir -p "$(dirname "$out")"

if [[ $target == darwin ]]; then
	app=$stage/work/gatewatch.app
	install -m755 "$stage/bin/gatewatch-ui" "$app/Contents/MacOS/gatewatch-ui"
	plutil -replace LSUIElement -bool true "$app/Contents/Info.plist"
	plutil -replace LSApplicationCategoryType -string public.app-category.utilities "$app/Contents/Info.plist"
	# Sign ad hoc again: adding a program and editing Info.plist broke the
	# signature, and Apple silicon runs no unsigned code.
	codesign --force --deep --sign - "$app"
	ditto -c -k --keepParent "$app" "$out.tmp"
	mv -f "$out.tmp" "$out"
	echo "packaged $out ($(du -k "$out" | cut -f1) KiB)"
	exit 0
fi

# Unpack, complete, repack.
mkdir "$stage/x"
tar -xJf "$stage/work/gatewatch.tar.xz" -C "$stage/x"
top=$stage/x/gatewatch
usr=$top/usr/local
[[ -d $usr ]] || usr=$top/usr
for f in "$usr/bin/gatewatch" "$usr/share/applications/$app_id.desktop" "$usr/share/pixmaps/$app_id.png"; do
	[[ -f $f ]] || { echo "package.sh: fyne package made no ${f#"$stage/x/"}" >&2; exit 1; }
done
install -m755 "$stage/bin/gatewatch-ui" "$usr/bin/gatewatch-ui"
sed "s/^APP_ID ?= .*/APP_ID ?= $app_id/" "$here/scripts/archive.mk" >"$top/Makefile"
# Sorted, with fixed owners, so that two packagings of one commit compare.
tar --sort=name --owner=0 --group=0 --numeric-owner -cJf "$out.tmp" -C "$stage/x" gatewatch
mv -f "$out.tmp" "$out"
echo "packaged $out ($(du -k "$out" | cut -f1) KiB)"
