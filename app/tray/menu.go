package tray

// The menu's fixed items, after the site list. Keys tie each to its action
// (trayApp.itemActions).
const (
	itemCheckNow = "check-now"
	itemPause    = "pause"
	itemOpenLog  = "open-log"
	itemSettings = "settings"
	itemQuit     = "quit"
)

type fixedItem struct {
	key, title, tip string
	sepBefore       bool
}

var fixedItems = []fixedItem{
	{key: itemCheckNow, title: "Check all now", tip: "Check every site again (at most once per 15 s each)", sepBefore: true},
	{key: itemPause, title: "Pause 1 hour", tip: "Stop checking for an hour"},
	{key: itemOpenLog, title: "Open log", tip: "Show what gatewatch noted (the last lines also go into the diagnostic report)", sepBefore: true},
	{key: itemSettings, title: "Settings…", tip: "Edit the watched sites and options"},
	{key: itemQuit, title: "Quit", tip: "Stop watching"},
}
