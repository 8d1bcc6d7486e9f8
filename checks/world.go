package checks

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// WorldTimeout bounds a whole second opinion: create, every poll, read.
const WorldTimeout = 20 * time.Second

// worldContinents spread the probes: one per inhabited continent. The
// user's country and network come on top when known.
var worldContinents = []string{"EU", "NA", "AS", "SA", "OC", "AF"}

// WorldOptions configure one second opinion.
type WorldOptions struct {
	Client *GlobalpingClient
	// Country (ISO 3166-1 alpha-2) and ASN are the user's own, when known:
	// probes there are asked for separately, so "your provider cannot
	// reach it" can be told from "nobody can".
	Country string
	ASN     int
	// SendQuery sends the URL's query string too; off by default (it may
	// carry personal data).
	SendQuery bool
	Timeout   time.Duration // 0 = WorldTimeout
}

// WorldProbe is one place's answer, as shown in the per-probe table.
type WorldProbe struct {
	Place     string `json:"place"` // "Frankfurt, DE"
	Continent string `json:"continent"`
	Country   string `json:"country"`
	Network   string `json:"network"`
	ASN       int    `json:"asn"`
	OK        bool   `json:"ok"`
	Status    int    `json:"status"` // the HTTP status the probe got, 0 when none
	MS        int64  `json:"ms"`
	Error     string `json:"error,omitempty"`
}

// WorldResult is a second opinion: every probe's answer, or why there is
// none (Err). Probes is empty when Err is set before any probe answered.
type WorldResult struct {
	ID          string       `json:"id,omitempty"`
	Probes      []WorldProbe `json:"probes"`
	UserASN     int          `json:"user_asn,omitempty"`
	UserCountry string       `json:"user_country,omitempty"`
	Err         string       `json:"error,omitempty"`
	RateLimited bool         `json:"rate_limited,omitempty"`
	// RetryIn is when the service said it takes measurements again.
	RetryIn   time.Duration `json:"-"`
	CheckedAt time.Time     `json:"checked_at"`
	// Age is how old a cached answer is when shown (0 when fresh).
	Age time.Duration `json:"-"`
}

// Answered: some probe gave a final answer.
func (w *WorldResult) Answered() bool { return w != nil && len(w.Probes) > 0 }

// WorldRequest is the measurement asked for target: an HTTP request of
// the same URL (host as target, path and query separate, the query only
// when allowed) from one probe per continent, the user's country and the
// user's network.
func WorldRequest(target *url.URL, opt WorldOptions) (GPMeasurementRequest, error) {
	host := target.Hostname()
	if host == "" {
		return GPMeasurementRequest{}, fmt.Errorf("second opinion: %s has no host", Redact(target))
	}
	proto, port := "HTTPS", 443
	if target.Scheme == "http" {
		proto, port = "HTTP", 80
	}
	if p := target.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n <= 0 || n > 65535 {
			return GPMeasurementRequest{}, fmt.Errorf("second opinion: port %q of %s", p, Redact(target))
		}
		port = n
	}
	path := target.EscapedPath()
	if path == "" {
		path = "/"
	}
	r := GPHTTPRequest{Method: "HEAD", Path: path}
	if opt.SendQuery {
		r.Query = target.RawQuery
	}
	var locs []GPLocation
	for _, c := range worldContinents {
		locs = append(locs, GPLocation{Continent: c, Limit: 1})
	}
	// The user's network before the user's country: a probe that is both
	// is more use as the network's.
	if opt.ASN > 0 {
		locs = append(locs, GPLocation{ASN: opt.ASN, Limit: 1})
	}
	if opt.Country != "" {
		locs = append(locs, GPLocation{Country: strings.ToUpper(opt.Country), Limit: 1})
	}
	return GPMeasurementRequest{
		Type: "http", Target: host, Locations: locs,
		MeasurementOptions: &GPHTTPOptions{Request: r, Protocol: proto, Port: port},
	}, nil
}

// WorldProbeBudget is how many probe results one second opinion may use
// (the service counts probe results against its hourly limit).
func WorldProbeBudget(opt WorldOptions) int {
	n := len(worldContinents)
	if opt.Country != "" {
		n++
	}
	if opt.ASN > 0 {
		n++
	}
	return n
}

// World asks Globalping's probes to fetch target, bounded by opt.Timeout
// (WorldTimeout). Every failure of the service itself is in Err, never a
// panic or a hang: the verdict then stays the local one, with a note.
func World(ctx context.Context, target *url.URL, opt WorldOptions) WorldResult {
	res := WorldResult{UserASN: opt.ASN, UserCountry: strings.ToUpper(opt.Country), CheckedAt: time.Now()}
	if opt.Timeout <= 0 {
		opt.Timeout = WorldTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	req, err := WorldRequest(target, opt)
	if err != nil {
		res.Err = err.Error()
		return res
	}
	c := opt.Client
	if c == nil {
		c = &GlobalpingClient{}
	}
	created, err := c.Create(ctx, req)
	if err != nil {
		res.fail(err)
		return res
	}
	res.ID = created.ID
	m, err := c.Await(ctx, created.ID)
	res.Probes = worldProbes(m.Results)
	if err != nil {
		res.fail(err)
	}
	return res
}

func (w *WorldResult) fail(err error) {
	var rl *GPRateLimitError
	if errors.As(err, &rl) {
		w.RateLimited, w.RetryIn = true, rl.RetryIn
	}
	w.Err = err.Error()
}

// worldProbes turns final results into table rows; results still in
// progress when the bound ran out are left out (they said nothing).
func worldProbes(items []GPResultItem) []WorldProbe {
	var out []WorldProbe
	for _, it := range items {
		r := it.Result
		if r.Status != "finished" && r.Status != "failed" {
			continue
		}
		p := WorldProbe{
			Place:     place(it.Probe),
			Continent: excerpt(it.Probe.Continent),
			Country:   excerpt(it.Probe.Country),
			Network:   excerpt(it.Probe.Network),
			ASN:       it.Probe.ASN,
		}
		if r.Timings.Total != nil && *r.Timings.Total >= 0 {
			p.MS = int64(*r.Timings.Total)
		}
		switch {
		case r.Status == "failed":
			p.Error = firstLine(r.RawOutput, "failed")
		case r.StatusCode <= 0:
			p.Error = "no status code"
		case r.StatusCode >= 500:
			p.Status = r.StatusCode
			p.Error = fmt.Sprintf("answered %d", r.StatusCode)
		case r.TLS != nil && !r.TLS.Authorized:
			p.Status = r.StatusCode
			p.Error = "certificate not trusted: " + firstLine(r.TLS.Error, "unknown reason")
		default:
			p.Status, p.OK = r.StatusCode, true
		}
		out = append(out, p)
	}
	return out
}

func place(p GPProbe) string {
	city, country := excerpt(p.City), excerpt(p.Country)
	switch {
	case city != "" && country != "":
		return city + ", " + country
	case country != "":
		return country
	}
	return orDash(excerpt(p.Continent))
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func firstLine(s, empty string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if s = excerpt(s); s == "" {
		return empty
	}
	return s
}
