package verdict

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

// ClockReading is one internet clock's opinion of this computer's: the
// local clock minus the Date a server sent, when its answer arrived.
type ClockReading struct {
	Source string        // who sent the Date ("canary 203.0.113.30", the site's host)
	Skew   time.Duration // positive: this computer's clock is ahead
}

// ClockAgree is how close two clocks' readings must be to count as the
// same opinion: Date has one-second resolution and an answer may take a
// few seconds to arrive, while a clock wrong enough to matter is off by
// hours or days.
const ClockAgree = time.Minute

// clockJudgement is what the internet's clocks say together.
type clockJudgement struct {
	Known   bool          // a strict majority of the readings agree (a lone reading is its own majority)
	Skew    time.Duration // the median of the agreeing readings
	Agree   int           // how many readings agree on Skew
	Total   int           // how many readings there were
	Sources []string      // the agreeing readings' sources
}

// clockReadings are every clock heard from: the canaries (NetEvidence),
// the site's own answer and, when its certificate failed, the TLS probe's
// HEAD to it (the same server as the site request: one reading of the
// two, so that one server does not count twice).
func (e *Evidence) clockReadings() []ClockReading {
	rs := append([]ClockReading(nil), e.Net.Clocks...)
	host := ""
	if e.Target != nil {
		host = e.Target.Hostname()
	}
	switch {
	case e.HTTP != nil && !e.HTTP.Date.IsZero():
		rs = append(rs, ClockReading{Source: host, Skew: e.HTTP.Skew})
	case e.TLS != nil && !e.TLS.Date.IsZero():
		rs = append(rs, ClockReading{Source: host, Skew: e.TLS.Skew})
	}
	return rs
}

// clock judges the readings by agreement: the largest group of readings
// within ClockAgree of one of them decides when it is a strict majority,
// so that one server with a wrong clock (a skewed canary, a site's broken
// clock) cannot outvote the others, nor blame this computer alone when
// two disagree.
func (e *Evidence) clock() clockJudgement {
	return judgeClocks(e.clockReadings())
}

func judgeClocks(rs []ClockReading) clockJudgement {
	j := clockJudgement{Total: len(rs)}
	// Groups are counted, and only the largest built: every routine
	// check judges the clocks.
	bestAt, bestN := -1, 0
	for i, r := range rs {
		n := 0
		for _, o := range rs {
			if abs(o.Skew-r.Skew) <= ClockAgree {
				n++
			}
		}
		if n > bestN {
			bestAt, bestN = i, n
		}
	}
	if bestN == 0 || 2*bestN <= len(rs) {
		return j
	}
	skews := make([]time.Duration, 0, bestN)
	j.Sources = make([]string, 0, bestN)
	for _, o := range rs {
		if abs(o.Skew-rs[bestAt].Skew) <= ClockAgree {
			skews = append(skews, o.Skew)
			j.Sources = append(j.Sources, o.Source)
		}
	}
	slices.Sort(skews)
	j.Known, j.Skew, j.Agree = true, skews[len(skews)/2], bestN
	return j
}

// clockOff: the internet's clocks agree this computer's clock is off by
// more than limit.
func (e *Evidence) clockOff(limit time.Duration) bool {
	c := e.clock()
	return c.Known && abs(c.Skew) > limit
}

// judgedBy says how the skew was judged: "judged by 2 of 2 clocks on the
// internet (canary 203.0.113.30, expired.gw.test)".
func (c clockJudgement) judgedBy() string {
	n := "clocks"
	if c.Total == 1 {
		n = "clock"
	}
	of := fmt.Sprintf("%d", c.Agree)
	if c.Agree != c.Total {
		of = fmt.Sprintf("%d of %d", c.Agree, c.Total)
	}
	return fmt.Sprintf("judged by %s %s on the internet (%s)", of, n, strings.Join(c.Sources, ", "))
}

// clockDirection is what a clock off this way does to certificates.
func clockDirection(skew time.Duration) string {
	if skew < 0 {
		return "behind, so valid certificates look not yet valid"
	}
	return "ahead, so valid certificates look expired"
}

// clockStep is the clock evidence line: every reading and the judgement.
func clockStep(e *Evidence) (Step, bool) {
	rs := e.clockReadings()
	if len(rs) == 0 {
		return Step{}, false
	}
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.Source + " " + signedDuration(r.Skew)
	}
	c := judgeClocks(rs)
	if !c.Known {
		return step("clock", false, fmt.Sprintf("the internet's clocks disagree about this computer's; local minus theirs: %s", strings.Join(parts, "; ")), 0), true
	}
	ok := abs(c.Skew) <= ClockWarnSkew
	return step("clock", ok, fmt.Sprintf("local clock differs from the internet's by %s, %s; local minus theirs: %s",
		checks.HumanDuration(abs(c.Skew)), c.judgedBy(), strings.Join(parts, "; ")), 0), true
}

func signedDuration(d time.Duration) string {
	if d < 0 {
		return "-" + checks.HumanDuration(-d)
	}
	return "+" + checks.HumanDuration(d)
}

// canaryHost is the host of a canary's (redacted) URL, or the URL itself.
func canaryHost(raw string) string {
	if u, err := url.Parse(raw); err == nil && u.Host != "" {
		return u.Host
	}
	return raw
}
