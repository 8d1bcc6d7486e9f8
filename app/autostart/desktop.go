package autostart

import (
	"fmt"
	"path"
	"strings"
)

// DesktopEntry is the XDG autostart entry that starts exe (an absolute
// path) at login. Icon names the icon installed with the package under the
// same application ID.
func DesktopEntry(exe string) (string, error) {
	if err := checkExe(exe, path.IsAbs); err != nil {
		return "", err
	}
	var b strings.Builder
	b.WriteString("[Desktop Entry]\n")
	b.WriteString("Type=Application\n")
	b.WriteString("Name=" + appName + "\n")
	b.WriteString("Comment=Tells you whose side a failing site is on\n")
	b.WriteString("Exec=" + execValue(exe) + "\n")
	b.WriteString("Icon=" + AppID + "\n")
	b.WriteString("Terminal=false\n")
	b.WriteString("X-GNOME-Autostart-enabled=true\n")
	return b.String(), nil
}

// execReserved are the characters that force an Exec argument to be
// quoted (Desktop Entry Specification, "The Exec key").
const execReserved = " \t\n\"'\\><~|&;$*?#()`"

// execValue writes one Exec argument as the Desktop Entry Specification
// asks: quoted in double quotes when it has a reserved character, with ",
// `, $ and \ escaped by a backslash inside the quotes; % doubled so it is
// not a field code; and then, because Exec is also a string value, every
// backslash escaped once more (a literal backslash ends up as four).
func execValue(arg string) string {
	quoted := arg
	if strings.ContainsAny(arg, execReserved) {
		var b strings.Builder
		b.WriteByte('"')
		for _, r := range arg {
			if strings.ContainsRune("\"`$\\", r) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
		b.WriteByte('"')
		quoted = b.String()
	}
	quoted = strings.ReplaceAll(quoted, "%", "%%")
	return strings.ReplaceAll(quoted, `\`, `\\`)
}

// entryEnabled reads an autostart entry the way session managers do: it
// starts unless Hidden=true or X-GNOME-Autostart-enabled=false. A file
// without a [Desktop Entry] group is an error, not a silent "off".
func entryEnabled(text string) (bool, error) {
	group, found := "", false
	enabled := true
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			group = line
			found = found || group == "[Desktop Entry]"
			continue
		}
		if group != "[Desktop Entry]" {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		switch strings.TrimSpace(key) {
		case "Hidden":
			if strings.TrimSpace(value) == "true" {
				enabled = false
			}
		case "X-GNOME-Autostart-enabled":
			if strings.TrimSpace(value) == "false" {
				enabled = false
			}
		}
	}
	if !found {
		return false, fmt.Errorf("no [Desktop Entry] group")
	}
	return enabled, nil
}
