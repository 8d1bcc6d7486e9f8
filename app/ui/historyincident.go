package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/history"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// incidentView is one row of the incident list: when, how long, whose
// side and where in words, the summary, and the diagnosis at the time
// behind an expander.
type incidentView struct {
	root     fyne.CanvasObject
	title    *widget.Label
	summary  *widget.Label
	details  *widget.Accordion
	evidence []*widget.Label
}

func newIncidentView(in history.Incident, now time.Time, colorOf fyne.Widget) *incidentView {
	v := &incidentView{}
	v.title = widget.NewLabelWithStyle(incidentWords(in, now), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	v.title.Wrapping = fyne.TextWrapWord
	summary := in.Summary
	if summary == "" {
		summary = fmt.Sprintf("Verdict: %s.", in.Rule)
	}
	v.summary = widget.NewLabel(summary)
	v.summary.Wrapping = fyne.TextWrapWord
	box := container.NewVBox()
	if len(in.Evidence) == 0 {
		box.Add(widget.NewLabel("Not stored: this incident was recorded before gatewatch kept the evidence."))
	}
	for _, s := range in.Evidence {
		mark := "✓"
		if !s.OK {
			mark = "✗"
		}
		text := fmt.Sprintf("%s %s — %d ms — %s", mark, s.Check, s.MS, s.Detail)
		l := widget.NewLabel(text)
		if s.Check == in.DecidedBy {
			l.SetText(text + "  (this decided it)")
			l.TextStyle = fyne.TextStyle{Bold: true}
		}
		l.Wrapping = fyne.TextWrapWord
		v.evidence = append(v.evidence, l)
		box.Add(l)
	}
	v.details = widget.NewAccordion(widget.NewAccordionItem("Diagnosis at the time", box))
	bar := swatch(stateColor(history.CellState(in.Side), colorOf))
	v.root = container.NewBorder(nil, nil, container.NewVBox(bar), nil,
		container.NewVBox(v.title, v.summary, v.details))
	return v
}

// incidentWords is the incident's headline: "Mon Nov 23 09:12 · 21 min ·
// Their side, at the site's CDN".
func incidentWords(in history.Incident, now time.Time) string {
	dur := checks.HumanDuration(in.Duration(now))
	if in.Ongoing() {
		dur += " so far, ongoing"
	}
	return fmt.Sprintf("%s · %s · %s, %s", in.Start.In(displayLoc).Format("Mon Jan 2 15:04"), dur,
		verdict.Side(in.Side).Words(), hopWords(verdict.Hop(in.Hop)))
}

// hopWords says where the problem sat, as a person would.
func hopWords(h verdict.Hop) string {
	switch h {
	case verdict.HopLink:
		return "at your Wi-Fi or cable"
	case verdict.HopRouter:
		return "at your router"
	case verdict.HopISP:
		return "at your internet provider"
	case verdict.HopDNS:
		return "at your DNS resolver"
	case verdict.HopVPN:
		return "at your VPN"
	case verdict.HopProxy:
		return "at your proxy"
	case verdict.HopCaptive:
		return "at a captive portal (a Wi-Fi login page)"
	case verdict.HopClock:
		return "at this computer's clock"
	case verdict.HopFirewall:
		return "at a firewall on this computer"
	case verdict.HopCDN:
		return "at the site's CDN"
	case verdict.HopOrigin:
		return "at the site's own server"
	case verdict.HopSiteDNS:
		return "at the site's DNS"
	case verdict.HopTLS:
		return "at the TLS certificate"
	case verdict.HopNone, "":
		return "no hop named"
	}
	return "at " + string(h)
}
