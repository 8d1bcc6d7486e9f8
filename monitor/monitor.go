package monitor

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/url"
	"sync"
	"time"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// Budget limits what a round of checks may send, whatever the number of
// sites or how often the user clicks "check now".
type Budget struct {
	Concurrent int           // site checks in flight at once
	Spacing    time.Duration // minimum gap between two check starts (≈ requests per second)
}

// DefaultBudget: 4 at once, at most 5 starts a second.
var DefaultBudget = Budget{Concurrent: 4, Spacing: 200 * time.Millisecond}

// How long one round's network evidence serves later rounds: while
// anything fails, verdict.NetMaxAge; while every site answers and no
// network problem is open (calm), up to calmNetMaxAge. A desktop's ten
// sites a minute, spread over the interval, make a round every few
// seconds: probing the link, router, canaries and reference resolvers
// for each second round cost most of the idle CPU and sent the canaries
// and resolvers five rounds of traffic a minute to learn nothing. A
// routine check that fails re-probes before its diagnosis when the
// evidence is older than verdict.NetMaxAge (WatchCheck), and a network
// change or "check now" drops the evidence at once, so a calm monitor
// decides no side on old evidence. What waits longer: a captive portal
// that starts intercepting a plain-HTTP site without any network
// change is seen within calmNetMaxAge instead of 10 s.
const calmNetMaxAge = 60 * time.Second

// Monitor watches the configured sites: it schedules checks, probes the
// network once per round for all due sites, folds verdicts into per-site
// states and reports state changes. It has no UI; the tray subscribes.
type Monitor struct {
	diagnose func(context.Context, *url.URL, verdict.Options) verdict.Verdict
	probeNet func(context.Context, verdict.Options) verdict.NetEvidence
	onEvent  func(Event)
	rnd      func() float64
	budget   Budget

	mu       sync.Mutex
	opt      verdict.Options
	interval time.Duration
	sites    []*watched
	paused   time.Time // checks resume at this time; zero when running
	net      *verdict.NetEvidence
	netAt    time.Time
	health   NetworkTracker
	wake     chan struct{}
	onRound  func()
	confirm  time.Duration // test override of ConfirmDelay; 0 = ConfirmDelay
	record   func(site string, v verdict.Verdict, at time.Time)
	annotate func(ctx context.Context, target *url.URL, v *verdict.Verdict)
	proxies  checks.ProxyCache
	pool     checks.ConnPool
	pooledAt time.Time // when the pool was last emptied
	workers  *workers
}

// poolRefresh is how long a routine check may ride an old connection:
// then every site is reached afresh (new DNS answer, route, certificate).
const poolRefresh = 5 * time.Minute

type watched struct {
	site       config.Site
	url        *url.URL
	tracker    *SiteTracker
	next, last time.Time
	retryAfter time.Duration
	// lastGood is the page of the last working check: the routine check
	// notices when the answer moves to an address serving another page.
	lastGood *checks.PageSig
}

// New builds a monitor for cfg. onEvent is called (from the monitor's
// goroutine) for every site event; it must not block for long.
func New(cfg config.Config, opt verdict.Options, onEvent func(Event)) (*Monitor, error) {
	return newAt(cfg, opt, onEvent, time.Now())
}

func newAt(cfg config.Config, opt verdict.Options, onEvent func(Event), now time.Time) (*Monitor, error) {
	m := &Monitor{
		diagnose: verdict.WatchCheck, probeNet: verdict.ProbeNetwork, onEvent: onEvent,
		rnd: rand.Float64, budget: DefaultBudget, wake: make(chan struct{}, 1),
		workers: newWorkers(),
	}
	if m.onEvent == nil {
		m.onEvent = func(Event) {}
	}
	if err := m.SetConfig(cfg, opt, now); err != nil {
		return nil, err
	}
	return m, nil
}

// minRoundGap is the shortest time between two rounds of a long list.
const minRoundGap = time.Second

// spreadAbove: up to this many new sites are checked at once (the tray's
// first look at a short watch list); more are spread evenly over the
// interval, so a thousand sites never fire together.
const spreadAbove = 8

// SetConfig applies a new config live. Sites that stay keep their state
// and schedule; new sites are checked at once (spread by the budget), or,
// when there are many, spread over the interval.
func (m *Monitor) SetConfig(cfg config.Config, opt verdict.Options, now time.Time) error {
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("monitor config: %w", err)
	}
	old := map[string]*watched{}
	m.mu.Lock()
	for _, w := range m.sites {
		old[w.url.String()] = w
	}
	m.mu.Unlock()
	var sites []*watched
	type kept struct {
		w    *watched
		site config.Site
	}
	var keep []kept // written under the lock below: a round reads w.site
	fresh := 0
	for _, s := range cfg.Sites {
		if u, err := config.ParseTarget(s.URL); err == nil && old[u.String()] == nil {
			fresh++
		}
	}
	nth := 0
	for _, s := range cfg.Sites {
		u, err := config.ParseTarget(s.URL)
		if err != nil {
			return err
		}
		if w, ok := old[u.String()]; ok {
			keep = append(keep, kept{w, s})
			sites = append(sites, w)
			continue
		}
		next := now
		if fresh > spreadAbove {
			interval := cfg.Interval.Duration
			if s.Interval.Duration > 0 {
				interval = s.Interval.Duration
			}
			next = now.Add(interval * time.Duration(nth) / time.Duration(fresh))
		}
		nth++
		sites = append(sites, &watched{site: s, url: u, tracker: NewSiteTracker(u.String(), now), next: next})
	}
	if opt.Timeout == 0 {
		opt.Timeout = cfg.Timeout.Duration
	}
	if opt.Proxies == nil {
		opt.Proxies = &m.proxies
	}
	if opt.Pool == nil {
		opt.Pool = &m.pool
	}
	m.mu.Lock()
	for _, k := range keep {
		k.w.site = k.site
	}
	m.sites, m.opt, m.interval = sites, opt, cfg.Interval.Duration
	m.net = nil
	m.mu.Unlock()
	m.poke()
	return nil
}

// SetOnRound registers f, called (from the monitor's goroutine, after the
// round's events) at the end of every round of checks: states such as
// suspect change without an event, and a display wants to show them.
func (m *Monitor) SetOnRound(f func()) {
	m.mu.Lock()
	m.onRound = f
	m.mu.Unlock()
}

// SetRecorder registers f, called (from the monitor's goroutine, outside
// its lock) with every verdict as it is observed: the history store's feed.
// f must not block for long (history.Store.Record only queues).
func (m *Monitor) SetRecorder(f func(site string, v verdict.Verdict, at time.Time)) {
	m.mu.Lock()
	m.record = f
	m.mu.Unlock()
}

// SetAnnotator registers f, called in the check's goroutine on every
// verdict before it is observed: StatusPages.Annotate adds the vendor's
// word to failures.
func (m *Monitor) SetAnnotator(f func(ctx context.Context, target *url.URL, v *verdict.Verdict)) {
	m.mu.Lock()
	m.annotate = f
	m.mu.Unlock()
}

// SetConfirmDelay replaces ConfirmDelay, for end-to-end tests only: a real
// monitor always waits ConfirmDelay before confirming. d <= 0 restores it.
func (m *Monitor) SetConfirmDelay(d time.Duration) {
	m.mu.Lock()
	m.confirm = max(d, 0)
	m.mu.Unlock()
}

// Statuses returns every site's status, in config order.
func (m *Monitor) Statuses() []SiteStatus {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := make([]SiteStatus, len(m.sites))
	for i, w := range m.sites {
		out[i] = w.tracker.Status()
		out[i].Name = w.site.Name
	}
	return out
}

// CheckNow asks for every site to be checked as soon as its minimum
// interval allows: clicking twice never sends twice.
func (m *Monitor) CheckNow(now time.Time) {
	m.mu.Lock()
	for _, w := range m.sites {
		earliest := now
		if !w.last.IsZero() {
			earliest = maxTime(now, w.last.Add(config.MinInterval))
		}
		if w.retryAfter > 0 && !w.last.IsZero() {
			earliest = maxTime(earliest, w.last.Add(min(w.retryAfter, MaxRetryAfter)))
		}
		if earliest.Before(w.next) {
			w.next = earliest
		}
	}
	m.net = nil // the user suspects something changed: look again
	m.mu.Unlock()
	m.proxies.Forget()
	m.pool.Refresh()
	m.poke()
}

// NetworkChanged is called when an interface, address, route or resolver
// changed: the network evidence is stale and every site is re-checked
// (within its minimum interval).
func (m *Monitor) NetworkChanged(now time.Time) { m.CheckNow(now) }

// Pause stops checking until now+d; Resume undoes it.
func (m *Monitor) Pause(now time.Time, d time.Duration) {
	m.mu.Lock()
	m.paused = now.Add(d)
	m.mu.Unlock()
	m.poke()
}

// Resume restarts checking at once.
func (m *Monitor) Resume() {
	m.mu.Lock()
	m.paused = time.Time{}
	m.mu.Unlock()
	m.poke()
}

// NetworkProblem returns the visible user-side problem, if any.
func (m *Monitor) NetworkProblem() *NetworkProblem {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.health.Current()
}

// Paused reports whether checks are paused at now, and until when.
func (m *Monitor) Paused(now time.Time) (bool, time.Time) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return now.Before(m.paused), m.paused
}

func (m *Monitor) poke() {
	select {
	case m.wake <- struct{}{}:
	default:
	}
}

// Run checks sites until ctx ends. It sleeps on a timer until the next site
// is due: nothing wakes it in between unless asked to.
func (m *Monitor) Run(ctx context.Context) error {
	for {
		now := time.Now()
		next := m.Tick(ctx, now)
		wait := time.Until(next)
		m.mu.Lock()
		if len(m.sites) > spreadAbove {
			// A long list is checked in rounds at least minRoundGap apart:
			// a few sites per wake-up instead of one, at no visible delay.
			wait = max(wait, minRoundGap-time.Since(now))
		}
		m.mu.Unlock()
		t := time.NewTimer(wait)
		start := time.Now()
		select {
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		case <-m.wake:
			t.Stop()
		case <-t.C:
		}
		// Round(0) drops the monotonic reading, leaving wall time.
		woke := time.Now()
		if sleptThrough(woke.Round(0).Sub(start.Round(0)), woke.Sub(start)) {
			// The computer slept: every verdict, and the network they
			// stood on, may be stale (another Wi-Fi, a VPN gone).
			m.NetworkChanged(woke)
		}
	}
}

// sleepGap is how far the wall clock may run ahead of the monotonic one
// during a wait before it counts as the computer having slept.
const sleepGap = 30 * time.Second

// sleptThrough reports whether the computer was suspended during a wait
// that took wall time by the wall clock and mono by the monotonic one:
// timers and the monotonic clock stand still while it sleeps, the wall
// clock does not.
func sleptThrough(wall, mono time.Duration) bool {
	return wall-mono > sleepGap
}

// Tick runs the checks due at now (one shared network probe for all of
// them) and returns when the next one is due. Run calls it; tests call it
// with a fake clock.
func (m *Monitor) Tick(ctx context.Context, now time.Time) time.Time {
	m.mu.Lock()
	if now.Before(m.paused) {
		p := m.paused
		m.mu.Unlock()
		return p
	}
	var due []*watched
	for _, w := range m.sites {
		if !w.next.After(now) {
			due = append(due, w)
		}
	}
	opt := m.opt
	netEv := m.net
	maxAge := verdict.NetMaxAge
	if m.health.Current() == nil && m.allOKLocked() {
		maxAge = calmNetMaxAge
	}
	fresh := netEv != nil && now.Sub(m.netAt) < maxAge
	netAt := m.netAt
	refresh := now.Sub(m.pooledAt) >= poolRefresh
	if refresh {
		m.pooledAt = now
	}
	m.mu.Unlock()
	if refresh {
		m.pool.Refresh()
	}

	if len(due) > 0 {
		if !fresh && opt.Net == nil {
			n := m.probeNet(ctx, opt)
			netEv = &n
			netAt = now
			m.mu.Lock()
			m.net, m.netAt = netEv, now
			m.mu.Unlock()
		}
		if opt.Net == nil {
			opt.Net, opt.NetAt = netEv, netAt
		}
		m.runRound(ctx, now, due, opt)
	}
	return m.nextDue(now)
}

func (m *Monitor) runRound(ctx context.Context, now time.Time, due []*watched, opt verdict.Options) {
	type result struct {
		w *watched
		v verdict.Verdict
	}
	results := make(chan result, len(due))
	m.mu.Lock()
	b := m.budget.scaled(len(m.sites), m.interval)
	annotate := m.annotate
	m.mu.Unlock()
	sem := make(chan struct{}, max(1, b.Concurrent))
	var wg sync.WaitGroup
	for i, w := range due {
		if gap := startGap(i, b.Spacing); gap > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(gap):
			}
		}
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		m.workers.do(ctx, func() {
			defer wg.Done()
			defer func() { <-sem }()
			o := opt
			m.mu.Lock()
			o.LastGood = w.lastGood
			m.mu.Unlock()
			v := m.diagnose(ctx, w.url, o)
			if annotate != nil {
				annotate(ctx, w.url, &v)
			}
			results <- result{w, v}
		})
	}
	wg.Wait()
	close(results)
	var events []Event
	var round []verdict.Verdict
	var sites []string
	m.mu.Lock()
	for r := range results {
		round = append(round, r.v)
		sites = append(sites, r.w.url.String())
		w := r.w
		w.last = now
		w.retryAfter = retryAfterOf(r.v)
		if r.v.Side == verdict.SideOK && r.v.Page != nil {
			w.lastGood = r.v.Page
		}
		if ev := w.tracker.Observe(r.v, now); ev != nil {
			ev.Status.Name = w.site.Name
			events = append(events, *ev)
		}
		interval := m.interval
		if w.site.Interval.Duration > 0 {
			interval = w.site.Interval.Duration
		}
		d := NextDelay(w.tracker.Status(), interval, w.retryAfter, m.rnd())
		if m.confirm > 0 && w.tracker.Status().NeedsConfirmation() && w.retryAfter == 0 {
			d = m.confirm
		}
		w.next = now.Add(d)
	}
	if ev := m.health.Observe(round, now); ev != nil {
		events = append(events, *ev)
	}
	onRound, record := m.onRound, m.record
	m.mu.Unlock()
	if record != nil {
		for i, v := range round {
			record(sites[i], v, now)
		}
	}
	for _, ev := range events {
		m.onEvent(ev)
	}
	if onRound != nil {
		onRound()
	}
}

// allOKLocked says every watched site was working at its last check.
func (m *Monitor) allOKLocked() bool {
	for _, w := range m.sites {
		if w.tracker.Status().State != StateOK {
			return false
		}
	}
	return true
}

// scaled adapts the budget to the watch list: the spacing between starts
// shrinks so that n sites fit in half their interval (else checks would
// fall behind), and the number in flight grows with n, within bounds (a
// fixed cap on goroutines and sockets however long the list).
func (b Budget) scaled(n int, interval time.Duration) Budget {
	if n <= 0 || interval <= 0 {
		return b
	}
	if per := interval / time.Duration(2*n); per < b.Spacing {
		b.Spacing = per
	}
	b.Concurrent = min(max(b.Concurrent, n/32), maxConcurrent)
	return b
}

// minWake is the shortest wait between two starts of checks in a round;
// see startGap.
const minWake = 50 * time.Millisecond

// startGap is the wait before the i-th check of a round: the budget's
// spacing, except that spacings shorter than minWake are pooled into one
// wait before each burst of checks. The rate of requests is the same, but
// the process wakes once per burst instead of once per check: at a
// thousand sites (15 ms apart) a wake-up (timer, scheduler, netpoller,
// the other side's wake-up on loopback) costs more than the check itself.
func startGap(i int, spacing time.Duration) time.Duration {
	if i == 0 || spacing <= 0 {
		return 0
	}
	burst := 1
	if spacing < minWake {
		burst = int(minWake / spacing)
	}
	if i%burst != 0 {
		return 0
	}
	return time.Duration(burst) * spacing
}

// maxConcurrent bounds the checks in flight, whatever the list's length.
const maxConcurrent = 32

func (m *Monitor) nextDue(now time.Time) time.Time {
	m.mu.Lock()
	defer m.mu.Unlock()
	next := now.Add(24 * time.Hour)
	for _, w := range m.sites {
		if w.next.Before(next) {
			next = w.next
		}
	}
	return maxTime(next, now)
}

// retryAfterOf is how long the site asked to be left alone: its
// Retry-After for server-side verdicts and rate limits (a proxy's or
// captive portal's header says nothing about the site), and for a rate
// limit without one, RateLimitBackoff.
func retryAfterOf(v verdict.Verdict) time.Duration {
	if !verdict.HonoursRetryAfter(v) {
		return 0
	}
	if v.RetryAfter == 0 && v.Side != verdict.SideServer {
		return RateLimitBackoff
	}
	return v.RetryAfter
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
