package autostart

import (
	"encoding/xml"
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// Program paths as users have them: spaces, quotes, shell and field-code
// characters, backslashes, non-ASCII.
var exePaths = []string{
	"/usr/bin/gatewatch",
	"/home/ann/.local/bin/gatewatch",
	"/home/ann/My Apps/gatewatch",
	`/home/ann/"quoted"/gatewatch`,
	"/home/ann/it's/gatewatch",
	"/opt/$HOME/`x`/gatewatch",
	`/opt/back\slash/gatewatch`,
	"/opt/100%/gatewatch %u",
	"/opt/ünïcødé/gate watch",
	"/opt/a;b&c|d>e<f*g?h#i(j)~k/gatewatch",
}

// unquoteExec undoes execValue the way a desktop reads an Exec key: first
// the string-value escapes (\\ → \), then the argument quoting, then %%.
// It is written independently from execValue, from the specification.
func unquoteExec(t *testing.T, value string) []string {
	t.Helper()
	var unesc strings.Builder
	for i := 0; i < len(value); i++ {
		if value[i] == '\\' && i+1 < len(value) {
			switch value[i+1] {
			case '\\':
				unesc.WriteByte('\\')
			case 's':
				unesc.WriteByte(' ')
			default:
				t.Fatalf("unknown string escape \\%c in %q", value[i+1], value)
			}
			i++
			continue
		}
		unesc.WriteByte(value[i])
	}
	s := unesc.String()
	var args []string
	var cur strings.Builder
	inArg, quoted := false, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quoted && c == '\\':
			if i+1 >= len(s) || !strings.ContainsRune("\"`$\\", rune(s[i+1])) {
				t.Fatalf("bad escape in quoted argument of %q", s)
			}
			i++
			cur.WriteByte(s[i])
		case quoted && c == '"':
			quoted = false
		case c == '%':
			// Desktops expand field codes over the whole line, quoted or
			// not (GLib does), so %% stands for % inside quotes too.
			if i+1 >= len(s) || s[i+1] != '%' {
				t.Fatalf("field code in %q", s)
			}
			i++
			cur.WriteByte('%')
			inArg = true
		case quoted:
			cur.WriteByte(c)
		case c == '"':
			quoted, inArg = true, true
		case c == ' ':
			if inArg {
				args = append(args, cur.String())
				cur.Reset()
				inArg = false
			}
		case strings.IndexByte(execReserved, c) >= 0:
			t.Fatalf("reserved character %q outside quotes in %q", c, s)
		default:
			cur.WriteByte(c)
			inArg = true
		}
	}
	if quoted {
		t.Fatalf("unterminated quote in %q", s)
	}
	if inArg {
		args = append(args, cur.String())
	}
	return args
}

func desktopKey(t *testing.T, entry, key string) string {
	t.Helper()
	for _, line := range strings.Split(entry, "\n") {
		if k, v, ok := strings.Cut(line, "="); ok && k == key {
			return v
		}
	}
	t.Fatalf("no %s= in\n%s", key, entry)
	return ""
}

func TestDesktopEntryExecRoundTrip(t *testing.T) {
	for _, exe := range exePaths {
		t.Run(exe, func(t *testing.T) {
			entry, err := DesktopEntry(exe)
			if err != nil {
				t.Fatal(err)
			}
			if got := unquoteExec(t, desktopKey(t, entry, "Exec")); len(got) != 1 || got[0] != exe {
				t.Errorf("Exec=%s reads back as %q, want [%q]", desktopKey(t, entry, "Exec"), got, exe)
			}
			for key, want := range map[string]string{
				"Type": "Application", "Icon": AppID, "X-GNOME-Autostart-enabled": "true",
			} {
				if got := desktopKey(t, entry, key); got != want {
					t.Errorf("%s=%s, want %s", key, got, want)
				}
			}
			if on, err := entryEnabled(entry); err != nil || !on {
				t.Errorf("entryEnabled = %v, %v; want true", on, err)
			}
		})
	}
}

func TestExecValue(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/usr/bin/gatewatch", "/usr/bin/gatewatch"},
		{"/a b/gw", `"/a b/gw"`},
		{`/a"b/gw`, `"/a\\"b/gw"`},
		{`/a\b/gw`, `"/a\\\\b/gw"`},
		{"/a$b/gw", `"/a\\$b/gw"`},
		{"/100%/gw", "/100%%/gw"},
	} {
		if got := execValue(tc.in); got != tc.want {
			t.Errorf("execValue(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestBadExe(t *testing.T) {
	for _, exe := range []string{"", "gatewatch", "bin/gatewatch", "/opt/new\nline", "/opt/tab\there", "/opt/del\x7f"} {
		if _, err := DesktopEntry(exe); !errors.Is(err, errBadExe) {
			t.Errorf("DesktopEntry(%q) error = %v, want errBadExe", exe, err)
		}
		if _, err := LaunchAgent(exe); !errors.Is(err, errBadExe) {
			t.Errorf("LaunchAgent(%q) error = %v, want errBadExe", exe, err)
		}
	}
	for _, exe := range []string{"", "gatewatch.exe", `bin\gatewatch.exe`, `C:gatewatch.exe`, `C:\a"b\gatewatch.exe`, "C:\\new\nline.exe"} {
		if _, err := RunValue(exe); !errors.Is(err, errBadExe) {
			t.Errorf("RunValue(%q) error = %v, want errBadExe", exe, err)
		}
	}
}

func TestEntryEnabled(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       bool
		err        bool
	}{
		{"plain", "[Desktop Entry]\nExec=x\n", true, false},
		{"gnome off", "[Desktop Entry]\nExec=x\nX-GNOME-Autostart-enabled=false\n", false, false},
		{"hidden", "[Desktop Entry]\nHidden=true\n", false, false},
		{"hidden false", "[Desktop Entry]\nHidden=false\n", true, false},
		{"other group", "[Desktop Entry]\nExec=x\n[Desktop Action x]\nHidden=true\n", true, false},
		{"comments", "# c\n\n[Desktop Entry]\n# Hidden=true\nExec=x\n", true, false},
		{"no group", "Exec=x\n", false, true},
		{"empty", "", false, true},
	} {
		got, err := entryEnabled(tc.text)
		if (err != nil) != tc.err || got != tc.want {
			t.Errorf("%s: entryEnabled = %v, %v; want %v, error %v", tc.name, got, err, tc.want, tc.err)
		}
	}
}

// plistDoc is the part of a launchd property list the test reads back.
type plistDoc struct {
	Dict struct {
		Items []struct {
			XMLName xml.Name
			Text    string   `xml:",chardata"`
			Strings []string `xml:"string"`
		} `xml:",any"`
	} `xml:"dict"`
}

func TestLaunchAgent(t *testing.T) {
	for _, exe := range exePaths {
		t.Run(exe, func(t *testing.T) {
			data, err := LaunchAgent(exe)
			if err != nil {
				t.Fatal(err)
			}
			var doc plistDoc
			if err := xml.Unmarshal(data, &doc); err != nil {
				t.Fatalf("not XML: %v\n%s", err, data)
			}
			values := map[string]string{}
			var key string
			for _, it := range doc.Dict.Items {
				switch it.XMLName.Local {
				case "key":
					key = it.Text
				case "array":
					values[key] = strings.Join(it.Strings, "\x00")
				default:
					values[key] = it.XMLName.Local + ":" + it.Text
				}
			}
			for k, want := range map[string]string{
				"Label":            "string:" + AppID,
				"ProgramArguments": exe,
				"RunAtLoad":        "true:",
			} {
				if values[k] != want {
					t.Errorf("%s = %q, want %q\n%s", k, values[k], want, data)
				}
			}
		})
	}
}

func TestRunValue(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`C:\Users\Ann\AppData\Local\gatewatch\gatewatch.exe`, `"C:\Users\Ann\AppData\Local\gatewatch\gatewatch.exe"`},
		{`C:\Program Files\gatewatch\gatewatch.exe`, `"C:\Program Files\gatewatch\gatewatch.exe"`},
		{`d:/apps/it's $here/gatewatch.exe`, `"d:/apps/it's $here/gatewatch.exe"`},
		{`\\server\share\gatewatch.exe`, `"\\server\share\gatewatch.exe"`},
	} {
		got, err := RunValue(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("RunValue(%q) = %s, %v; want %s", tc.in, got, err, tc.want)
		}
	}
}

func TestResidentNextTo(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{filepath.FromSlash("/home/ann/.local/bin/gatewatch-ui"), filepath.FromSlash("/home/ann/.local/bin/gatewatch")},
		{filepath.FromSlash("/usr/local/bin/gatewatch"), filepath.FromSlash("/usr/local/bin/gatewatch")},
		{filepath.FromSlash("/Applications/gatewatch.app/Contents/MacOS/gatewatch-ui"), filepath.FromSlash("/Applications/gatewatch.app/Contents/MacOS/gatewatch")},
		{filepath.FromSlash("/opt/gw 0.1/gatewatch-ui.exe"), filepath.FromSlash("/opt/gw 0.1/gatewatch.exe")},
	} {
		if got := residentNextTo(tc.in); got != tc.want {
			t.Errorf("residentNextTo(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
