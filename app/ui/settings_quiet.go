package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/gatewatch/gatewatch/monitor/config"
)

// quietSection edits the [notify] table: what pops up, and when not
// (quiet hours). Snoozes are not here: they are taken from the tray menu
// or a notification, and end by themselves.
type quietSection struct {
	about       *widget.RadioGroup
	minDuration *widget.Entry
	remind      *widget.Entry
	quietOn     *widget.Check
	from, to    *widget.Entry
	days        []*widget.Check // Monday first, as the week is read
	weekends    *widget.Check
	err         *errorText
	box         fyne.CanvasObject
}

// Words for notify.about, in the order shown.
var aboutChoices = []struct{ value, label string }{
	{config.AboutBoth, "Both: sites that are down and my own network"},
	{config.AboutTheir, "Their side only: a site is down"},
	{config.AboutMine, "My side only: my network, Wi-Fi, VPN, DNS…"},
}

// weekOrder is Monday to Sunday.
var weekOrder = []time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday, time.Sunday}

func newQuietSection(n config.NotifyConfig) *quietSection {
	q := &quietSection{err: errorLabel()}
	labels := make([]string, len(aboutChoices))
	selected := ""
	for i, c := range aboutChoices {
		labels[i] = c.label
		if c.value == n.AboutOrDefault() {
			selected = c.label
		}
	}
	q.about = widget.NewRadioGroup(labels, nil)
	q.about.Required = true
	q.about.SetSelected(selected)

	q.minDuration = widget.NewEntry()
	q.minDuration.SetPlaceHolder("at once")
	if d := n.MinDuration.Duration; d > 0 {
		q.minDuration.SetText(shortDuration(d))
	}
	q.remind = widget.NewEntry()
	q.remind.SetPlaceHolder("off")
	if d := n.RemindEvery.Duration; d > 0 {
		q.remind.SetText(shortDuration(d))
	}

	q.quietOn = widget.NewCheck("Quiet hours: no pop-ups from", nil)
	q.from, q.to = widget.NewEntry(), widget.NewEntry()
	q.from.SetPlaceHolder("22:00")
	q.to.SetPlaceHolder("08:00")
	q.from.SetText(n.Quiet.From)
	q.to.SetText(n.Quiet.To)
	q.quietOn.SetChecked(n.Quiet.From != "")
	dayBoxes := []fyne.CanvasObject{widget.NewLabel("starting on")}
	for _, d := range weekOrder {
		c := widget.NewCheck(d.String()[:3], nil)
		c.SetChecked(len(n.Quiet.Days) == 0 || hasDay(n.Quiet.Days, d))
		q.days = append(q.days, c)
		dayBoxes = append(dayBoxes, c)
	}
	q.weekends = widget.NewCheck("Weekends off: all of Saturday and Sunday are quiet", nil)
	q.weekends.SetChecked(n.Quiet.Weekends)

	validate := func() { _, err := q.collect(); q.err.SetText(errText(err)) }
	q.minDuration.OnChanged = func(string) { validate() }
	q.remind.OnChanged = func(string) { validate() }
	q.from.OnChanged = func(string) { validate() }
	q.to.OnChanged = func(string) { validate() }
	q.quietOn.OnChanged = func(bool) { q.enableSpan(); validate() }
	q.enableSpan()
	for _, c := range q.days {
		c.OnChanged = func(bool) { validate() }
	}

	hint := widget.NewLabel("During quiet hours the icon still shows the state; one summary follows when they end. " +
		"To pause notifications for a while, use Snooze in the tray menu.")
	hint.Wrapping = fyne.TextWrapWord
	span := container.NewHBox(q.quietOn, sized(q.from), widget.NewLabel("to"), sized(q.to))
	q.box = container.NewVBox(
		widget.NewLabelWithStyle("Notifications", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		widget.NewLabel("Notify me about"),
		q.about,
		widget.NewForm(
			widget.NewFormItem("Only if it lasts more than", q.minDuration),
			widget.NewFormItem("Remind me while it stays down every", q.remind),
		),
		span,
		container.NewHBox(dayBoxes...),
		q.weekends,
		hint,
		q.err,
	)
	return q
}

// enableSpan greys the times and days out while quiet hours are off:
// they are kept, but mean nothing.
func (q *quietSection) enableSpan() {
	for _, w := range []fyne.Disableable{q.from, q.to} {
		if q.quietOn.Checked {
			w.Enable()
		} else {
			w.Disable()
		}
	}
	for _, c := range q.days {
		if q.quietOn.Checked {
			c.Enable()
		} else {
			c.Disable()
		}
	}
}

// sized gives a time entry room for "22:00" and no more.
func sized(e *widget.Entry) fyne.CanvasObject {
	return container.NewGridWrap(fyne.NewSize(80, e.MinSize().Height), e)
}

func hasDay(days []string, d time.Weekday) bool {
	for _, s := range days {
		if w, ok := config.ParseDay(s); ok && w == d {
			return true
		}
	}
	return false
}

// shortDuration writes 5m rather than 5m0s.
func shortDuration(d time.Duration) string {
	switch {
	case d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

// optionalDuration reads "5m", "1h"; empty, "0" or "off" is 0.
func optionalDuration(what, t string) (time.Duration, error) {
	t = strings.TrimSpace(t)
	if t == "" || t == "0" || strings.EqualFold(t, "off") {
		return 0, nil
	}
	d, err := time.ParseDuration(t)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s %q: use a duration such as 5m or 1h", what, t)
	}
	return d, nil
}

// collect reads the section back as a validated [notify] table.
func (q *quietSection) collect() (config.NotifyConfig, error) {
	var n config.NotifyConfig
	for _, c := range aboutChoices {
		if c.label == q.about.Selected && c.value != config.AboutBoth {
			n.About = c.value
		}
	}
	d, err := optionalDuration("only if it lasts more than", q.minDuration.Text)
	if err != nil {
		return n, err
	}
	n.MinDuration = config.Duration{Duration: d}
	if d, err = optionalDuration("remind me every", q.remind.Text); err != nil {
		return n, err
	}
	n.RemindEvery = config.Duration{Duration: d}
	if q.quietOn.Checked {
		n.Quiet.From, n.Quiet.To = strings.TrimSpace(q.from.Text), strings.TrimSpace(q.to.Text)
		if n.Quiet.From == "" || n.Quiet.To == "" {
			return n, errors.New("quiet hours: give both times, such as 22:00 to 08:00")
		}
		for i, c := range q.days {
			if c.Checked {
				n.Quiet.Days = append(n.Quiet.Days, config.DayName(weekOrder[i]))
			}
		}
		switch len(n.Quiet.Days) {
		case 0:
			return n, errors.New("quiet hours: tick at least one day")
		case len(weekOrder):
			n.Quiet.Days = nil // every day, as the file says it
		}
	}
	n.Quiet.Weekends = q.weekends.Checked
	if err := n.Validate(); err != nil {
		return n, err
	}
	return n, nil
}
