// Package assets holds gatewatch's tray icons, embedded in the binary.
// The PNGs are drawn by ./gen; regenerate them with `go generate ./assets`,
// which also draws the application icon (icon.png, icon.ico) used by the
// packages and FyneApp.toml.
package assets

import _ "embed"

//go:generate go run ./gen .

// Tray icons, 64×64 PNG. Shapes differ as well as colours.
var (
	//go:embed checking.png
	Checking []byte // grey ring: checking or paused
	//go:embed ok.png
	OK []byte // green disc with a check mark: every site answers
	//go:embed user.png
	UserSide []byte // amber triangle with "!": the problem is on your side
	//go:embed server.png
	ServerSide []byte // red square with "×": a site is down on its side
)

// AppIcon is the application icon, 512×512 PNG (FyneApp.toml's icon): the
// windows show it in their title bar and task bar, like the menu entry.
//
//go:embed icon.png
var AppIcon []byte
