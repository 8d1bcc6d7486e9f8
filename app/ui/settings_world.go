package ui

import (
	"fmt"
	"net/url"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/gatewatch/gatewatch/monitor/config"
)

// WorldConsent is the settings checkbox of [world] enabled: its words say
// what turning it on gives away (issue 14).
const WorldConsent = "Ask other places on the internet when a site fails — sends the site's address to Globalping"

// worldSettings edits the [world] table: consent, the optional token and
// a line saying exactly what is sent.
type worldSettings struct {
	enabled *widget.Check
	token   *widget.Entry
	err     *errorText
	sent    *widget.Label
	box     fyne.CanvasObject
}

func newWorldSettings(c config.WorldConfig) *worldSettings {
	w := &worldSettings{err: errorLabel()}
	w.enabled = widget.NewCheck(WorldConsent, nil)
	w.enabled.SetChecked(c.Enabled)
	w.token = widget.NewPasswordEntry()
	w.token.SetPlaceHolder("Globalping token (optional: a higher hourly limit)")
	w.token.SetText(c.Token)
	w.token.OnChanged = func(string) { _, err := w.apply(c); w.err.SetText(errText(err)) }
	w.sent = widget.NewLabel(worldSent(c))
	w.sent.Wrapping = fyne.TextWrapWord
	w.box = container.NewVBox(w.enabled, w.sent, w.token, w.err)
	return w
}

// worldSent says exactly what a second opinion sends, and when (README,
// "Second opinion (Globalping)").
func worldSent(c config.WorldConfig) string {
	what := "its host name and path (never the query string, cookies or anything about your network)"
	if c.SendQuery {
		what = "its host name, path and query string (send_query is on; never cookies or anything about your network)"
	}
	to := "api.globalping.io"
	if u, err := url.Parse(c.API); err == nil && u.Host != "" {
		to = u.Host // a test's stand-in (config api)
	}
	return fmt.Sprintf("Only when a site fails in a way this computer alone cannot explain, or when you press \"Check from elsewhere\": the site's address — %s — goes to %s, with your token if you give one. At most once per site every 10 minutes.", what, to)
}

// apply returns c with the widgets' values, validated as the config is.
func (w *worldSettings) apply(c config.WorldConfig) (config.WorldConfig, error) {
	c.Enabled = w.enabled.Checked
	c.Token = strings.TrimSpace(w.token.Text)
	if err := c.Validate(); err != nil {
		return c, fmt.Errorf("second opinion: %w", err)
	}
	return c, nil
}
