package autostart

import (
	"bytes"
	"encoding/xml"
	"path"
)

// LaunchAgent is the launchd property list that starts exe (an absolute
// path) when the user logs in. RunAtLoad starts it at login; without
// KeepAlive, quitting gatewatch from its menu is respected until the next
// login.
func LaunchAgent(exe string) ([]byte, error) {
	if err := checkExe(exe, path.IsAbs); err != nil {
		return nil, err
	}
	var esc bytes.Buffer
	if err := xml.EscapeText(&esc, []byte(exe)); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
	<key>Label</key>
	<string>` + AppID + `</string>
	<key>ProgramArguments</key>
	<array>
		<string>`)
	b.Write(esc.Bytes())
	b.WriteString(`</string>
	</array>
	<key>RunAtLoad</key>
	<true/>
	<key>ProcessType</key>
	<string>Interactive</string>
	<key>LimitLoadToSessionType</key>
	<string>Aqua</string>
</dict>
</plist>
`)
	return b.Bytes(), nil
}
