package monitor

import (
	"slices"
	"sync"
	"time"

	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// Delivery is what becomes of one event's notification.
type Delivery string

// Deliveries. The tray shows DeliverNow at once; Deferred goes into the
// summary said when quiet hours end; Held waits for the outage to last
// notify.min_duration (Due releases it); Dropped is never said.
const (
	DeliverNow Delivery = "now"
	Deferred   Delivery = "deferred"
	Held       Delivery = "held"
	Dropped    Delivery = "dropped"
)

// networkKey stands for the user's network among the per-site outages.
const networkKey = "network"

// Notification is one pop-up Due decided is due now.
type Notification struct {
	Event    Event
	Reminder bool      // a repeat for something still down (notify.remind_every)
	Since    time.Time // when the outage began
}

// AwayOutage is one line of the summary after quiet hours: what was down
// while the user was not being told.
type AwayOutage struct {
	Kind    EventKind // the opening event: EventDown, EventRefused, EventNetworkDown
	Status  SiteStatus
	Network *NetworkProblem
	Start   time.Time
	End     time.Time // zero: still going when quiet hours ended
}

// outage is the policy's memory of one site's (or the network's) current
// problem: whether the user has been told, and when last.
type outage struct {
	ev       Event
	start    time.Time
	wanted   bool // notify.about covers it
	held     bool // waiting for min_duration
	snoozed  bool // began during a snooze: told when it ends, if still going
	told     bool
	lastTold time.Time
	away     int // index into NotifyPolicy.away, or -1
}

// NotifyPolicy decides, for each monitor event, whether a notification
// goes out now, later, or never: notify.about, notify.min_duration,
// snoozes, quiet hours and reminders (config.NotifyConfig). It holds no
// clock: every call takes now, so tests drive it with a fake one. Safe
// for concurrent use (the monitor's goroutine and the tray menu's).
type NotifyPolicy struct {
	mu       sync.Mutex
	cfg      config.NotifyConfig
	snoozes  Snoozes
	open     map[string]*outage
	away     []AwayOutage
	wasQuiet bool
}

// NewNotifyPolicy starts with nothing open and nothing snoozed.
func NewNotifyPolicy(cfg config.NotifyConfig) *NotifyPolicy {
	return &NotifyPolicy{cfg: cfg, open: map[string]*outage{}}
}

// SetConfig applies a changed [notify] table; open outages keep their
// state (a held one is judged by the new min_duration at the next Due).
func (p *NotifyPolicy) SetConfig(cfg config.NotifyConfig) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cfg = cfg
	for _, o := range p.open {
		o.wanted = p.about(o.ev)
	}
}

// Keep forgets the open outages of sites not in urls (removed from the
// config): no reminder, summary or back is ever said about them. The
// network's is always kept; snoozes stay until they end.
func (p *NotifyPolicy) Keep(urls []string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for k, o := range p.open {
		if k != networkKey && !slices.Contains(urls, k) {
			if o.away >= 0 {
				p.away[o.away].Kind = "" // left out of the summary
			}
			delete(p.open, k)
		}
	}
}

// SetSnoozes replaces the snoozes (loaded from the state file).
func (p *NotifyPolicy) SetSnoozes(s Snoozes) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.snoozes = s
}

// Snooze silences url ("" = every site and the network) until end; a zero
// end lifts it. It returns the snoozes to persist.
func (p *NotifyPolicy) Snooze(url string, end time.Time) Snoozes {
	p.mu.Lock()
	defer p.mu.Unlock()
	if url == "" {
		p.snoozes.All = end
	} else {
		if p.snoozes.Sites == nil {
			p.snoozes.Sites = map[string]time.Time{}
		}
		if end.IsZero() {
			delete(p.snoozes.Sites, url)
		} else {
			p.snoozes.Sites[url] = end
		}
	}
	s := p.snoozes
	s.Sites = cloneTimes(s.Sites)
	return s
}

// Snoozes is a copy of the current snoozes.
func (p *NotifyPolicy) Snoozes() Snoozes {
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.snoozes
	s.Sites = cloneTimes(s.Sites)
	return s
}

func cloneTimes(m map[string]time.Time) map[string]time.Time {
	if m == nil {
		return nil
	}
	out := make(map[string]time.Time, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Quiet reports whether now is in the quiet hours.
func (p *NotifyPolicy) Quiet(now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return QuietAt(p.cfg.Quiet, now)
}

// QuietUntil is when the current quiet hours end (ok false: not quiet).
func (p *NotifyPolicy) QuietUntil(now time.Time) (time.Time, bool) {
	p.mu.Lock()
	q := p.cfg.Quiet
	p.mu.Unlock()
	return QuietEnd(q, now)
}

func keyOf(ev Event) string {
	switch ev.Kind {
	case EventNetworkDown, EventNetworkChanged, EventNetworkBack:
		return networkKey
	}
	return ev.Status.URL
}

// mySide reports whether ev is about the user's own side: the network
// problem, or a site that refuses (or is blocked for) this computer only.
// Site outages, their side or side unclear, are "their side".
func mySide(ev Event) bool {
	switch ev.Kind {
	case EventNetworkDown, EventNetworkChanged, EventNetworkBack, EventRefused:
		return true
	}
	return ev.Status.Side == verdict.SideUser
}

func (p *NotifyPolicy) about(ev Event) bool {
	switch p.cfg.AboutOrDefault() {
	case config.AboutTheir:
		return !mySide(ev)
	case config.AboutMine:
		return mySide(ev)
	}
	return true
}

func (p *NotifyPolicy) snoozed(key string, now time.Time) bool {
	if key == networkKey {
		key = ""
	}
	_, on := p.snoozes.Until(key, now)
	return on
}

func startOf(ev Event, now time.Time) time.Time {
	switch {
	case ev.Network != nil && !ev.Network.Since.IsZero():
		return ev.Network.Since
	case !ev.Status.DownSince.IsZero():
		return ev.Status.DownSince
	}
	return now
}

// Decide says what becomes of ev's notification at now.
func (p *NotifyPolicy) Decide(ev Event, now time.Time) Delivery {
	p.mu.Lock()
	defer p.mu.Unlock()
	key := keyOf(ev)
	o := p.open[key]
	switch ev.Kind {
	case EventBack, EventNetworkBack:
		delete(p.open, key)
		return p.back(o, ev, now)
	case EventChanged, EventNetworkChanged:
		if o != nil {
			o.ev.Status, o.ev.Network = ev.Status, ev.Network
			return p.changed(o, ev, now)
		}
		// Started mid-outage: treat the change as its beginning.
	}
	o = &outage{ev: ev, start: startOf(ev, now), away: -1}
	o.wanted = p.about(ev)
	p.open[key] = o
	switch {
	case !o.wanted:
		return Dropped
	case p.snoozed(key, now):
		o.snoozed = true
		return Dropped
	case p.cfg.MinDuration.Duration > 0 && now.Sub(o.start) < p.cfg.MinDuration.Duration:
		o.held = true
		return Held
	}
	return p.release(o, now)
}

// release tells of o now, or puts it in the quiet-hours summary.
func (p *NotifyPolicy) release(o *outage, now time.Time) Delivery {
	if QuietAt(p.cfg.Quiet, now) {
		p.wasQuiet = true
		o.away = len(p.away)
		p.away = append(p.away, AwayOutage{Kind: o.ev.Kind, Status: o.ev.Status, Network: o.ev.Network, Start: o.start})
		return Deferred
	}
	o.told, o.lastTold = true, now
	return DeliverNow
}

func (p *NotifyPolicy) changed(o *outage, ev Event, now time.Time) Delivery {
	switch {
	case o.away >= 0:
		p.away[o.away].Status, p.away[o.away].Network = ev.Status, ev.Network
		return Deferred
	case o.held:
		return Held
	case !o.told || !o.wanted || p.snoozed(keyOf(ev), now):
		return Dropped
	case QuietAt(p.cfg.Quiet, now):
		return Dropped // told before the quiet began; the back (or a reminder) follows later
	}
	o.lastTold = now
	return DeliverNow
}

// back is said only about an outage the user heard of: "X is back" about
// something never announced (too short, snoozed, not their concern) is
// noise.
func (p *NotifyPolicy) back(o *outage, ev Event, now time.Time) Delivery {
	switch {
	case o == nil:
		if p.about(ev) && !p.snoozed(keyOf(ev), now) && !QuietAt(p.cfg.Quiet, now) {
			return DeliverNow // an outage from before this policy existed
		}
		return Dropped
	case o.away >= 0:
		p.away[o.away].End = now
		return Deferred
	case !o.told || p.snoozed(keyOf(ev), now):
		return Dropped
	case QuietAt(p.cfg.Quiet, now):
		p.wasQuiet = true
		p.away = append(p.away, AwayOutage{Kind: o.ev.Kind, Status: o.ev.Status, Network: o.ev.Network, Start: o.start, End: now})
		return Deferred
	}
	return DeliverNow
}

// Due is called after every round: the held outages that have now lasted
// long enough, reminders that are due, and, when quiet hours have just
// ended, the summary of what happened meanwhile (oldest first).
func (p *NotifyPolicy) Due(now time.Time) ([]Notification, []AwayOutage) {
	p.mu.Lock()
	defer p.mu.Unlock()
	quiet := QuietAt(p.cfg.Quiet, now)
	var summary []AwayOutage
	if p.wasQuiet && !quiet {
		summary = slices.DeleteFunc(p.away, func(a AwayOutage) bool { return a.Kind == "" })
		p.away = nil
		for _, o := range p.open {
			if o.away >= 0 {
				// Said in the summary: its back will be said too.
				o.away, o.told, o.lastTold = -1, true, now
			}
		}
		slices.SortStableFunc(summary, func(a, b AwayOutage) int { return a.Start.Compare(b.Start) })
	}
	p.wasQuiet = quiet
	var out []Notification
	keys := make([]string, 0, len(p.open))
	for k := range p.open {
		keys = append(keys, k)
	}
	slices.Sort(keys) // a stable order for tests and for the desktop
	for _, k := range keys {
		o := p.open[k]
		switch {
		case !o.wanted || p.snoozed(k, now):
		case o.snoozed:
			// The snooze is over and it is still going: say it once.
			o.snoozed = false
			o.held = p.cfg.MinDuration.Duration > 0 && now.Sub(o.start) < p.cfg.MinDuration.Duration
			if !o.held && p.release(o, now) == DeliverNow {
				out = append(out, Notification{Event: o.ev, Since: o.start})
			}
		case o.held:
			if now.Sub(o.start) < p.cfg.MinDuration.Duration {
				continue
			}
			o.held = false
			if p.release(o, now) == DeliverNow {
				out = append(out, Notification{Event: o.ev, Since: o.start})
			}
		case o.told && p.cfg.RemindEvery.Duration > 0 && !quiet && now.Sub(o.lastTold) >= p.cfg.RemindEvery.Duration:
			o.lastTold = now
			out = append(out, Notification{Event: o.ev, Reminder: true, Since: o.start})
		}
	}
	return out, summary
}
