package verdict

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/config"
)

// builtinStatusPages maps popular sites (and their parent domains) to the
// Statuspage-style pages their operators publish, each of which serves
// /api/v2/summary.json. A site's status_page setting overrides this.
var builtinStatusPages = map[string]string{
	"chatgpt.com":      "https://status.openai.com",
	"openai.com":       "https://status.openai.com",
	"claude.ai":        "https://status.anthropic.com",
	"anthropic.com":    "https://status.anthropic.com",
	"github.com":       "https://www.githubstatus.com",
	"discord.com":      "https://discordstatus.com",
	"reddit.com":       "https://www.redditstatus.com",
	"dropbox.com":      "https://status.dropbox.com",
	"cloudflare.com":   "https://www.cloudflarestatus.com",
	"digitalocean.com": "https://status.digitalocean.com",
	"npmjs.com":        "https://status.npmjs.org",
	"bitbucket.org":    "https://bitbucket.status.atlassian.com",
}

// Status page fetching limits: one fetch per page per statusTTL, and at
// most statusBurst fetches a minute overall, however many sites fail.
const (
	statusTTL   = 5 * time.Minute
	statusBurst = 10
)

// StatusPages finds a site's status page, fetches it when the site fails
// (cached and rate-limited) and folds what it says into the verdict.
type StatusPages struct {
	fetch func(context.Context, *url.URL) checks.StatusPageResult
	now   func() time.Time

	mu       sync.Mutex
	override map[string]string // normalised site URL → status_page setting
	cache    map[string]statusEntry
	recent   []time.Time // fetch times in the last minute
}

type statusEntry struct {
	res     checks.StatusPageResult
	at      time.Time
	pending bool // being fetched by another check
}

// NewStatusPages reads the sites' status_page settings from cfg.
func NewStatusPages(cfg config.Config) *StatusPages {
	s := &StatusPages{
		fetch: func(ctx context.Context, u *url.URL) checks.StatusPageResult {
			return checks.StatusPage(ctx, u, checks.StatusPageOptions{})
		},
		now:   time.Now,
		cache: map[string]statusEntry{},
	}
	s.SetConfig(cfg)
	return s
}

// SetConfig applies new status_page settings.
func (s *StatusPages) SetConfig(cfg config.Config) {
	o := map[string]string{}
	for _, site := range cfg.Sites {
		if u, err := config.ParseTarget(site.URL); err == nil && site.StatusPage != "" {
			o[u.String()] = site.StatusPage
		}
	}
	s.mu.Lock()
	s.override = o
	s.mu.Unlock()
}

// PageFor returns the status page of target: its setting, else the
// built-in map (the host or a parent domain), else, only when the setting
// is "guess", status.<domain>. "" when none is known.
func (s *StatusPages) PageFor(target *url.URL) string {
	s.mu.Lock()
	set := s.override[target.String()]
	s.mu.Unlock()
	return statusPageFor(target, set)
}

func statusPageFor(target *url.URL, setting string) string {
	host := strings.TrimSuffix(strings.ToLower(target.Hostname()), ".")
	switch setting {
	case config.StatusPageNone:
		return ""
	case config.StatusPageGuess:
		if d := registrable(host); d != "" {
			return "https://status." + d
		}
		return ""
	case "":
	default:
		return setting
	}
	for h := host; h != ""; {
		if p, ok := builtinStatusPages[h]; ok {
			return p
		}
		_, rest, found := strings.Cut(h, ".")
		if !found {
			break
		}
		h = rest
	}
	return ""
}

// CrowdURL is the site's search on DownDetector: a link for the user, so
// they can see whether others report the same. gatewatch never fetches it.
func CrowdURL(target *url.URL) string {
	host := strings.TrimPrefix(strings.ToLower(target.Hostname()), "www.")
	return "https://downdetector.com/search/?q=" + url.QueryEscape(host)
}

// Annotate folds the site's status page into a failed verdict: a
// server-side verdict confirmed by the vendor, or a hint that the vendor
// sees nothing wrong. The rule's side and hop are never changed: the page
// is the vendor's word, the evidence is ours.
func (s *StatusPages) Annotate(ctx context.Context, target *url.URL, v *Verdict) {
	if !v.Problem() {
		return
	}
	v.CrowdURL = CrowdURL(target)
	if r, ok := RuleNamed(v.Rule); ok && r.NoPathOut {
		return // nothing useful can be fetched: the rule says so
	}
	page := s.PageFor(target)
	if page == "" {
		return
	}
	res, ok := s.get(ctx, page)
	if !ok {
		return // rate-limited: the verdict stands on its own
	}
	vs := publishedStatus(page, res)
	vs.Note = vendorNote(vs, v.Side)
	v.StatusPage = &vs
	step := Step{Check: "status page", OK: res.OK() && res.Indicator == "none", MS: res.Elapsed.Milliseconds()}
	switch {
	case !res.OK():
		step.Detail = fmt.Sprintf("%s could not be read: %s", page, res.Error)
	default:
		step.Detail = vs.Note
		v.Summary = strings.TrimSpace(v.Summary + " " + vs.Note)
	}
	v.Evidence = append(v.Evidence, step)
}

func (s *StatusPages) get(ctx context.Context, page string) (checks.StatusPageResult, bool) {
	now := s.now()
	s.mu.Lock()
	if e, ok := s.cache[page]; ok && now.Sub(e.at) < statusTTL {
		s.mu.Unlock()
		return e.res, !e.pending
	}
	kept := s.recent[:0]
	for _, t := range s.recent {
		if now.Sub(t) < time.Minute {
			kept = append(kept, t)
		}
	}
	s.recent = kept
	if len(s.recent) >= statusBurst {
		s.mu.Unlock()
		return checks.StatusPageResult{}, false
	}
	s.recent = append(s.recent, now)
	// Claim the slot before fetching, so sites failing together share one
	// fetch: the others see this placeholder until it is replaced.
	s.cache[page] = statusEntry{at: now, pending: true}
	s.mu.Unlock()
	u, err := url.Parse(page)
	var res checks.StatusPageResult
	if err != nil {
		res = checks.StatusPageResult{Err: checks.ErrOther, Error: fmt.Sprintf("bad status page address: %v", err)}
	} else {
		res = s.fetch(ctx, u)
	}
	s.mu.Lock()
	s.cache[page] = statusEntry{res: res, at: now}
	s.mu.Unlock()
	return res, true
}

func publishedStatus(page string, r checks.StatusPageResult) PublishedStatus {
	vs := PublishedStatus{Page: page, Name: r.Name, Indicator: r.Indicator, Description: r.Description, Error: r.Error}
	if vs.Name == "" {
		if u, err := url.Parse(page); err == nil {
			vs.Name = u.Hostname()
		}
	}
	for _, in := range r.Incidents {
		vs.Incidents = append(vs.Incidents, in.Name)
	}
	for _, c := range r.Components {
		if c.Status != "" && c.Status != "operational" {
			vs.Components = append(vs.Components, fmt.Sprintf("%s (%s)", c.Name, strings.ReplaceAll(c.Status, "_", " ")))
		}
	}
	return vs
}

var indicatorWords = map[string]string{
	"minor": "minor problems", "major": "a major outage", "critical": "a critical outage", "maintenance": "maintenance",
}

// vendorNote is the sentence for the verdict.
func vendorNote(vs PublishedStatus, side Side) string {
	if vs.Indicator == "" {
		return ""
	}
	if vs.Indicator == "none" && len(vs.Incidents) == 0 {
		note := fmt.Sprintf("%s reports no problem (%s)", vs.Name, orWords(vs.Description, "all systems operational"))
		switch side {
		case SideServer:
			return note + ": the failure may be too recent or too local to show there yet."
		default:
			return note + ": the failure looks local to you."
		}
	}
	what := orWords(indicatorWords[vs.Indicator], "problems")
	detail := vs.Description
	if len(vs.Incidents) > 0 {
		detail = vs.Incidents[0]
	}
	note := fmt.Sprintf("%s reports %s", vs.Name, what)
	if detail != "" {
		note += ": " + detail
	}
	return note + "."
}

func orWords(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
