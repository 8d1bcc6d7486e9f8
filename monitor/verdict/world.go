package verdict

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/gatewatch/gatewatch/checks"
)

// The second opinion (issue 14): when this computer alone cannot tell
// "their side" from "the path from here", other places on the internet
// (Globalping's probes) are asked to fetch the same URL. Their answers are
// Evidence.World, read by the world-* rules of the table.

// SecondOpinion asks other places on the internet about target
// (monitor/world.Asker: cached, capped, bounded in time).
type SecondOpinion interface {
	Ask(ctx context.Context, target *url.URL) *checks.WorldResult
}

// minWorldPlaces is how many places must have answered before their
// answers count for anything.
const minWorldPlaces = 3

// init writes, beside each WorldSettles rule, why a ReadsWorld rule
// that holds with it wins (the table's After contract, checked by
// order_test.go): derived from the two flags here, once for all of them,
// rather than in twenty map entries of rules.go.
func init() {
	table = &Rules
	for i := range Rules {
		if !Rules[i].WorldSettles {
			continue
		}
		for _, w := range Rules {
			if !w.ReadsWorld {
				continue
			}
			if Rules[i].After == nil {
				Rules[i].After = map[string]string{}
			}
			Rules[i].After[w.Name] = "other places on the internet answered: what they saw settles what this computer alone can only guess"
		}
	}
}

// table is Rules, reached through init: the world rules' When reads the
// table (decideLocal), which a direct reference would make an
// initialization cycle.
var table *[]Rule

// decideLocal is the rule that holds without the second opinion, nil
// when none does (undecided).
func decideLocal(e *Evidence) *Rule {
	for i := range *table {
		if r := &(*table)[i]; !r.ReadsWorld && r.When(e) {
			return r
		}
	}
	return nil
}

// WorldWanted reports whether a second opinion could change e's verdict:
// the site failed (its request finished) and the local verdict is one
// of the ambiguous ones or undecided. Never for user-side verdicts (link
// down, captive portal, …), which need no other place's view.
func WorldWanted(e *Evidence) bool {
	if e.HTTP == nil || e.siteOK() {
		return false
	}
	r := decideLocal(e)
	switch {
	case r == nil:
		return true
	case r.Name == "origin-error":
		return r.WorldSettles && e.FP.GeneratedBy == checks.RoleUnknown
	}
	return r.WorldSettles
}

// askWorld fills e.World when a second opinion is configured and wanted.
// With WorldOnDemand (`check --world`, the window's button) it asks for
// any site that did not answer usably: the per-place table is shown even
// where the rules do not read it (a user-side verdict stays user-side).
func askWorld(ctx context.Context, e *Evidence, opt Options) {
	if opt.World == nil || e.World != nil {
		return
	}
	if !WorldWanted(e) && !(opt.WorldOnDemand && !e.siteOK()) {
		return
	}
	e.World = opt.World.Ask(ctx, e.Target)
}

// worldSplit is the second opinion counted: all places, and the places
// outside the user's own network (others) apart from those inside it.
type worldSplit struct {
	places, failing         int
	others, othersOK        int
	inUser, inUserFailing   int
	failingRegions, okPlace []string
}

func splitOf(w *checks.WorldResult) worldSplit {
	var s worldSplit
	okIn, failIn := map[string]bool{}, map[string]bool{}
	for _, p := range w.Probes {
		s.places++
		if !p.OK {
			s.failing++
			failIn[p.Continent] = true
		} else {
			okIn[p.Continent] = true
			s.okPlace = append(s.okPlace, p.Place)
		}
		if w.UserASN > 0 && p.ASN == w.UserASN {
			s.inUser++
			if !p.OK {
				s.inUserFailing++
			}
			continue
		}
		s.others++
		if p.OK {
			s.othersOK++
		}
	}
	for c := range failIn {
		if !okIn[c] {
			s.failingRegions = append(s.failingRegions, continentName(c))
		}
	}
	sort.Strings(s.failingRegions)
	return s
}

// worldCounts: the second opinion may be read (asked for an ambiguous
// local verdict, and enough places answered).
func (e *Evidence) worldCounts() (worldSplit, bool) {
	if !e.World.Answered() || !WorldWanted(e) {
		return worldSplit{}, false
	}
	s := splitOf(e.World)
	return s, s.places >= minWorldPlaces
}

// worksElsewhere: more than three quarters of the places outside the
// user's network answer, and at least two do: one odd probe of six
// failing is noise; two of six (whole continents, usually) is a region.
func (s worldSplit) worksElsewhere() bool {
	return s.othersOK >= 2 && s.othersOK*4 > s.others*3
}

// userNetworkFails: the user's own network was asked and every probe
// there failed too.
func (s worldSplit) userNetworkFails() bool {
	return s.inUser > 0 && s.inUserFailing == s.inUser
}

// worldSays names the world rule the second opinion supports, "" when
// none (no answer, too few places, or not asked).
func (e *Evidence) worldSays() string {
	s, ok := e.worldCounts()
	switch {
	case !ok:
		return ""
	case s.failing == s.places:
		return "world-down"
	case s.worksElsewhere() && s.userNetworkFails():
		return "world-isp-blocked"
	case s.worksElsewhere():
		return "world-elsewhere"
	case s.failing > 0:
		return "world-regional"
	}
	// Every place answers, so the measurement cannot be told from
	// "works elsewhere": it is (and only the user's network probes can
	// fail, which worksElsewhere covers).
	return "world-elsewhere"
}

var continentNames = map[string]string{
	"AF": "Africa", "AN": "Antarctica", "AS": "Asia", "EU": "Europe",
	"NA": "North America", "OC": "Oceania", "SA": "South America",
}

func continentName(c string) string {
	if n, ok := continentNames[c]; ok {
		return n
	}
	if c == "" {
		return "an unknown region"
	}
	return c
}

// placesOf is "Frankfurt, DE 200; Ashburn, US 200" for the answering
// places (ok true), or the failing ones grouped by what they saw,
// "connect ECONNREFUSED … from Frankfurt, DE, Tokyo, JP" (ok false); at
// most four places each, then "and N more".
func placesOf(w *checks.WorldResult, ok bool) string {
	if ok {
		var parts []string
		for _, p := range w.Probes {
			if p.OK {
				parts = append(parts, fmt.Sprintf("%s %d", p.Place, p.Status))
			}
		}
		return atMostFour(parts, "; ")
	}
	var errs []string
	where := map[string][]string{}
	for _, p := range w.Probes {
		if p.OK {
			continue
		}
		if _, seen := where[p.Error]; !seen {
			errs = append(errs, p.Error)
		}
		where[p.Error] = append(where[p.Error], p.Place)
	}
	var groups []string
	for _, e := range errs {
		groups = append(groups, e+" from "+atMostFour(where[e], ", "))
	}
	return strings.Join(groups, "; ")
}

func atMostFour(parts []string, sep string) string {
	more := ""
	if len(parts) > 4 {
		more = fmt.Sprintf(" and %d more", len(parts)-4)
		parts = parts[:4]
	}
	return strings.Join(parts, sep) + more
}

// userNetwork is "AS64500 Lab Home ISP", from the probes there.
func userNetwork(w *checks.WorldResult) string {
	for _, p := range w.Probes {
		if p.ASN == w.UserASN && p.Network != "" {
			return fmt.Sprintf("AS%d %s", p.ASN, p.Network)
		}
	}
	return fmt.Sprintf("AS%d", w.UserASN)
}

// ageNote is " (asked 4 min ago)" for a cached second opinion.
func ageNote(w *checks.WorldResult) string {
	if w.Age <= 0 {
		return ""
	}
	return " (asked " + checks.HumanDuration(w.Age) + " ago)"
}

// WorldOpinion is the second opinion as a verdict shows it (JSON
// "world"): every place's row, how many of them agree with this computer
// that the site fails, and a one-line summary.
type WorldOpinion struct {
	Probes []checks.WorldProbe `json:"probes"`
	Places int                 `json:"places"`
	// Agreed is how many places see the site fail as this computer does.
	Agreed  int    `json:"agreed"`
	Summary string `json:"summary"`
	AgeS    int64  `json:"age_s,omitempty"`
	Error   string `json:"error,omitempty"`
}

// worldOpinion is nil when no second opinion was asked.
func worldOpinion(e *Evidence) *WorldOpinion {
	w := e.World
	if w == nil {
		return nil
	}
	o := &WorldOpinion{Probes: w.Probes, Places: len(w.Probes), Error: w.Err, AgeS: int64(w.Age.Seconds())}
	for _, p := range w.Probes {
		if !p.OK {
			o.Agreed++
		}
	}
	switch {
	case len(w.Probes) == 0:
		o.Summary = "No second opinion: " + orWords(w.Err, "no place answered") + "."
	default:
		o.Summary = fmt.Sprintf("%d of %d places elsewhere see %s fail%s.", o.Agreed, o.Places, e.Target.Hostname(), ageNote(w))
	}
	return o
}

// worldWarning is the note shown when a second opinion was asked but
// gave nothing to go on: the verdict stays the local one.
func worldWarning(e *Evidence) []string {
	w := e.World
	if w == nil || e.worldSays() != "" {
		return nil
	}
	why := w.Err
	if why == "" {
		why = fmt.Sprintf("only %d place(s) answered", len(w.Probes))
	}
	return []string{"no second opinion from other places (" + why + "): the verdict is this computer's alone"}
}

// reportWorld adds the second opinion to the diagnostic report: its
// summary and every place's row (no token: the verdict never holds one).
func reportWorld(line func(string, ...any), o *WorldOpinion) {
	if o == nil {
		return
	}
	line("Second opinion (Globalping): %s", redactText(o.Summary))
	for _, p := range o.Probes {
		what := fmt.Sprintf("%d", p.Status)
		if !p.OK {
			what = redactText(p.Error)
		}
		line("  [%s] %s, AS%d %s (%d ms): %s", okWord(p.OK), p.Place, p.ASN, p.Network, p.MS, what)
	}
}
