#!/usr/bin/env bash
# Cross-builds gatewatch for Windows on Linux with MinGW-w64 (cgo: the
# Fyne windows need it), with the icon, the version and a manifest in each
# executable:
#
#   build-windows.sh OUTDIR      → OUTDIR/gatewatch.exe, gatewatch-cli.exe, gatewatch-ui.exe
#
# The resources are a .syso object made by goversioninfo (the library
# `fyne package -os windows` uses too) and linked by `go build` from the
# main package's directory. That directory is a copy of the sources in a
# temporary directory (go build -overlay does not carry .syso files), so
# the source tree never holds a .syso and Linux builds and tests can run
# beside this one (make test does). fyne package itself is not used: it rebuilds the
# program with Fyne's metadata file injected, which would link Fyne into
# the resident gatewatch.exe.
#
# gatewatch.exe and gatewatch-ui.exe are GUI programs (-H windowsgui):
# started at login or from the Start menu they open no console window.
# gatewatch-cli.exe is the same main linked for the console subsystem
# (-X main.flavor=cli): cmd.exe and PowerShell wait for a console program
# and keep its exit code, which they do not for a GUI one. The GUI name
# stays gatewatch.exe because that is what the autostart entry, the
# shortcuts and Task Manager name, and what the tray starts its windows
# beside; gatewatch.exe typed in a console still attaches to it to print
# (main_windows.go), without the exit code.
#
# Environment: GO (go), LDFLAGS (from the Makefile), CC (MinGW gcc).
set -euo pipefail
out=${1:?usage: build-windows.sh OUTDIR}
here=$(cd "$(dirname "$0")/.." && pwd)
GO=${GO:-go}
LDFLAGS=${LDFLAGS:?LDFLAGS must carry -X main.version=…}
CC=${CC:-x86_64-w64-mingw32-gcc}
GOVERSIONINFO_VERSION=v1.7.0

command -v "$CC" >/dev/null || { echo "build-windows.sh: $CC not found (apt-get install gcc-mingw-w64-x86-64)" >&2; exit 1; }
gobin=$("$GO" env GOPATH)/bin
gvi=$gobin/goversioninfo
[[ -x $gvi ]] || "$GO" install "github.com/josephspurrier/goversioninfo/cmd/goversioninfo@$GOVERSIONINFO_VERSION"

field() { sed -n "s/^$1 *= *\"\\{0,1\\}\\([^\"]*\\)\"\\{0,1\\}.*/\\1/p" "$here/FyneApp.toml" | head -n1; }
version=$(field Version)
build=$(field Build)
IFS=. read -r major minor patch <<<"$version"
: "${minor:=0}" "${patch:=0}"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gatewatch-win.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# The copy the executables are built from (a few MB; -trimpath keeps the
# binaries independent of where it lies).
src=$tmp/src
mkdir "$src"
tar -C "$here" --exclude=./.git --exclude=./bin --exclude=./lab/run --exclude='*.syso' -cf - . | tar -C "$src" -xf -
case $out in /*) ;; *) out=$PWD/$out ;; esac

# A manifest as Fyne's, plus per-monitor DPI awareness (crisp tray menu and
# windows on scaled displays) and the common controls v6 (native look).
manifest() {
	cat <<MANIFEST
<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0" xmlns:asmv3="urn:schemas-microsoft-com:asm.v3">
<assemblyIdentity version="$major.$minor.$patch.$build" processorArchitecture="*" name="$1" type="win32"/>
<dependency><dependentAssembly><assemblyIdentity type="win32" name="Microsoft.Windows.Common-Controls" version="6.0.0.0" processorArchitecture="*" publicKeyToken="6595b64144ccf1df" language="*"/></dependentAssembly></dependency>
<asmv3:application><asmv3:windowsSettings>
<dpiAware xmlns="http://schemas.microsoft.com/SMI/2005/WindowsSettings">true/pm</dpiAware>
<dpiAwareness xmlns="http://schemas.microsoft.com/SMI/2016/WindowsSettings">PerMonitorV2</dpiAwareness>
</asmv3:windowsSettings></asmv3:application>
</assembly>
MANIFEST
}

# resources NAME DESCRIPTION PKGDIR: the .syso for one program. The
# version block says it is a Windows application (FileOS, FileType) in US
# English/Unicode, so that Explorer's Details tab shows the strings.
resources() {
	local name=$1 desc=$2 dir=$3
	manifest "$name" >"$tmp/$name.manifest"
	cat >"$tmp/$name.json" <<JSON
{
	"FixedFileInfo": {
		"FileVersion": {"Major": $major, "Minor": $minor, "Patch": $patch, "Build": $build},
		"ProductVersion": {"Major": $major, "Minor": $minor, "Patch": $patch, "Build": $build},
		"FileFlagsMask": "3f", "FileFlags ": "00", "FileOS": "040004", "FileType": "01", "FileSubType": "00"
	},
	"StringFileInfo": {
		"CompanyName": "gatewatch",
		"FileDescription": "$desc",
		"FileVersion": "$major.$minor.$patch.$build",
		"InternalName": "$name",
		"LegalCopyright": "gatewatch contributors",
		"OriginalFilename": "$name.exe",
		"ProductName": "gatewatch",
		"ProductVersion": "$major.$minor.$patch.$build"
	},
	"VarFileInfo": {"Translation": {"LangID": "0409", "CharsetID": "04B0"}},
	"IconPath": "$here/assets/icon.ico",
	"ManifestPath": "$tmp/$name.manifest"
}
JSON
	"$gvi" -64 -o "$src/$dir/zz_gatewatch_resources_windows_amd64.syso" "$tmp/$name.json"
}

cd "$src"
resources gatewatch "gatewatch: whose side a failing site is on" .
resources gatewatch-ui "gatewatch windows" cmd/gatewatch-ui
mkdir -p "$out"
export CGO_ENABLED=1 CC GOOS=windows GOARCH=amd64
"$GO" build -trimpath -ldflags "-H windowsgui -s -w $LDFLAGS" -o "$out/gatewatch.exe" .
"$GO" build -trimpath -ldflags "-s -w $LDFLAGS -X main.flavor=cli" -o "$out/gatewatch-cli.exe" .
if [[ ${GATEWATCH_NO_UI:-} != 1 ]]; then # windows-test.sh needs no Fyne window
	"$GO" build -trimpath -ldflags "-H windowsgui -s -w $LDFLAGS" -o "$out/gatewatch-ui.exe" ./cmd/gatewatch-ui
fi
# The resources must have made it into the executables; the subsystems are
# GUI (2) and console (3).
subsystem() { x86_64-w64-mingw32-objdump -p "$1" | sed -n 's/^Subsystem[[:space:]]*0*\([0-9]*\).*/\1/p'; }
[[ $(subsystem "$out/gatewatch.exe") == 2 ]] || { echo "build-windows.sh: gatewatch.exe is not a GUI program" >&2; exit 1; }
[[ $(subsystem "$out/gatewatch-cli.exe") == 3 ]] || { echo "build-windows.sh: gatewatch-cli.exe is not a console program" >&2; exit 1; }
for f in "$out"/gatewatch*.exe; do
	x86_64-w64-mingw32-objdump -h "$f" | grep '\.rsrc' >/dev/null || { echo "build-windows.sh: $f has no resources" >&2; exit 1; }
	strings -el "$f" | grep -xF "$major.$minor.$patch.$build" >/dev/null || { echo "build-windows.sh: $f has no version $version.$build" >&2; exit 1; }
	echo "built $f ($(du -k "$f" | cut -f1) KiB, version $version build $build)"
done
