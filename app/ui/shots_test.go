package ui

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"github.com/gatewatch/gatewatch/monitor/history"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// TestScreenshots writes the PNGs in docs/ when GATEWATCH_SHOTS names a
// directory: go test ./app/ui -run Screenshots with GATEWATCH_SHOTS=$PWD/docs.
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("GATEWATCH_SHOTS")
	if dir == "" {
		t.Skip("GATEWATCH_SHOTS not set")
	}
	shot := func(name string, content fyne.CanvasObject, size fyne.Size) {
		w := test.NewWindow(content)
		defer w.Close()
		w.Resize(size)
		f, err := os.Create(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, w.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	a := test.NewApp()
	defer a.Quit()
	//lint:ignore SA1019 screenshots want one fixed variant, whatever the machine prefers
	a.Settings().SetTheme(theme.LightTheme())
	f := &fakeActions{}
	server := verdict.Verdict{
		URL: "https://chat.example/", Side: verdict.SideServer, Hop: verdict.HopCDN,
		Summary: "Their CDN (Cloudflare) answers, but the site behind it does not: 502 Bad Gateway.", ErrorPageBy: "Cloudflare", Status: 502,
		Evidence: []verdict.Step{
			{Check: "canary", OK: true, Detail: "internet reachable", MS: 21},
			{Check: "dns", OK: true, Detail: "chat.example → 192.0.2.10", MS: 4},
			{Check: "tcp", OK: true, Detail: "192.0.2.10:443 connected", MS: 18},
			{Check: "http", OK: false, Detail: "502 Bad Gateway from Cloudflare", MS: 140},
		},
		Fixes: []verdict.Fix{{Title: "Wait and retry", Does: "gatewatch re-checks and tells you when it is back"}, {Title: "Open the status page", Does: "see whether they know"}},
	}
	user := verdict.Verdict{
		URL: "https://chat.example/", Side: verdict.SideUser, Hop: verdict.HopDNS,
		Summary: "Your DNS resolver does not answer; other resolvers do.",
		Evidence: []verdict.Step{
			{Check: "canary", OK: true, Detail: "internet reachable by IP", MS: 25},
			{Check: "dns", OK: false, Detail: "system resolver: timeout", MS: 5000},
			{Check: "dns-reference", OK: true, Detail: "192.0.2.53 answers chat.example", MS: 9},
		},
		Fixes: []verdict.Fix{{Title: "Switch DNS", Does: "use another resolver"}},
	}
	size := fyne.NewSize(900, 560)
	shot("diagnosis-server.png", DiagnosisContent(a, server, f.actions("https://status.chat.example")), size)
	shot("diagnosis-user.png", DiagnosisContent(a, user, f.actions("")), size)
	shot("settings.png", SettingsContent(a, labConfig(), (&saver{}).save, SettingsHooks{}), fyne.NewSize(760, 760))
	shot("history.png", HistoryContent(a, sampleHistory()), fyne.NewSize(900, 620))
}

// sampleHistory is a month of made-up history for the screenshot: a
// slower evening every day, two outages on the site's side, one of yours.
func sampleHistory() history.Overview {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	ms := time.Millisecond
	var pts []history.LatencyPoint
	for i := range 48 {
		slow := time.Duration(i%3) * 15 * ms
		pts = append(pts, history.LatencyPoint{At: now.Add(time.Duration(i-48) * 15 * time.Hour),
			DNS: 4 * ms, Connect: 12 * ms, TLS: 25 * ms, FirstByte: 90*ms + slow})
	}
	return history.Overview{
		Since: now.Add(-history.Month), Now: now,
		Summary: "In the last 30 days: chat.example was down twice on its side for 41 min; your network failed once for 6 min.",
		Sites: []history.SiteOverview{{
			Site: "https://chat.example/", Uptime24h: 100, Uptime7d: 99.61, Uptime30d: 99.80, Latency: pts,
			Incidents: []history.Incident{
				{Side: "server", Hop: "cdn", Start: now.Add(-3 * 24 * time.Hour), End: now.Add(-3*24*time.Hour + 21*time.Minute), Checks: 14},
				{Side: "user", Hop: "isp", Start: now.Add(-9 * 24 * time.Hour), End: now.Add(-9*24*time.Hour + 6*time.Minute), Checks: 5},
				{Side: "server", Hop: "origin", Start: now.Add(-17 * 24 * time.Hour), End: now.Add(-17*24*time.Hour + 20*time.Minute), Checks: 12},
			},
		}},
	}
}
