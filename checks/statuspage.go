package checks

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
	"unicode"
)

// Limits of the status page probe: a vendor's page is someone else's
// server, and its answer is shown to the user.
const (
	DefaultStatusPageTimeout = 4 * time.Second
	DefaultStatusPageMaxBody = 1 << 20
	maxStatusComponents      = 200
	maxStatusIncidents       = 20
	maxStatusText            = 200
)

// StatusPageOptions configure one status page fetch.
type StatusPageOptions struct {
	Timeout time.Duration
	MaxBody int64    // bytes; a longer answer is refused, not parsed half
	Proxy   *url.URL // nil: direct
}

// StatusComponent is one component of a Statuspage-style page.
type StatusComponent struct {
	Name   string `json:"name"`
	Status string `json:"status"` // operational, degraded_performance, partial_outage, major_outage, under_maintenance
}

// StatusIncident is one unresolved incident.
type StatusIncident struct {
	Name   string `json:"name"`
	Status string `json:"status"` // investigating, identified, monitoring, …
	Impact string `json:"impact"` // none, minor, major, critical
}

// StatusPageResult is what a vendor's status page says.
type StatusPageResult struct {
	URL         string // the API address asked
	Name        string // the page's own name for the vendor ("OpenAI")
	Indicator   string // none, minor, major, critical, maintenance; "" when unreadable
	Description string // "All Systems Operational"
	Components  []StatusComponent
	Incidents   []StatusIncident
	Err         ErrKind
	Error       string
	Elapsed     time.Duration
}

// OK reports a readable page.
func (r StatusPageResult) OK() bool { return r.Err == ErrNone && r.Indicator != "" }

// StatusPage reads a Statuspage-style API (/api/v2/summary.json, falling
// back to /api/v2/status.json when the summary is missing) under base, the
// status page's address.
func StatusPage(ctx context.Context, base *url.URL, opt StatusPageOptions) StatusPageResult {
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultStatusPageTimeout
	}
	if opt.MaxBody <= 0 {
		opt.MaxBody = DefaultStatusPageMaxBody
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()
	tr := &http.Transport{DialContext: pinnedDial(netip.Addr{}), DisableKeepAlives: true,
		MaxResponseHeaderBytes: DefaultMaxHeaderBytes, ResponseHeaderTimeout: opt.Timeout}
	if opt.Proxy != nil {
		tr.Proxy = http.ProxyURL(opt.Proxy)
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, CheckRedirect: func(_ *http.Request, via []*http.Request) error {
		if len(via) >= 3 {
			return errors.New("status page: too many redirects")
		}
		return nil
	}}
	var res StatusPageResult
	for _, path := range []string{"/api/v2/summary.json", "/api/v2/status.json"} {
		u := *base
		u.Path = strings.TrimSuffix(u.Path, "/") + path
		u.RawQuery, u.Fragment = "", ""
		res = StatusPageResult{URL: Redact(&u)}
		body, status, err := getCapped(ctx, client, &u, opt.MaxBody)
		if err != nil {
			res.Err, res.Error = Classify(err), err.Error()
			break
		}
		if status == http.StatusNotFound {
			res.Err, res.Error = ErrOther, fmt.Sprintf("%s answered 404", res.URL)
			continue // an older page may have only status.json
		}
		if status != http.StatusOK {
			res.Err, res.Error = ErrOther, fmt.Sprintf("%s answered %d %s", res.URL, status, http.StatusText(status))
			break
		}
		if err := ParseStatusPage(body, &res); err != nil {
			res.Err, res.Error = ErrProtocol, fmt.Sprintf("%s: %v", res.URL, err)
		}
		break
	}
	res.Elapsed = time.Since(start)
	return res
}

func getCapped(ctx context.Context, c *http.Client, u *url.URL, limit int64) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, 0, fmt.Errorf("status page request for %s: %w", Redact(u), err)
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		return nil, 0, unwrapURLError(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, resp.StatusCode, fmt.Errorf("reading %s: %w", Redact(u), err)
	}
	if int64(len(body)) > limit {
		return nil, resp.StatusCode, fmt.Errorf("%s: answer larger than %d bytes, not read", Redact(u), limit)
	}
	return body, resp.StatusCode, nil
}

var knownIndicators = map[string]bool{"none": true, "minor": true, "major": true, "critical": true, "maintenance": true}

// ParseStatusPage reads a summary.json or status.json answer into res.
// Text is cleaned (control characters dropped, length capped) because it
// is shown to the user; lists are capped.
func ParseStatusPage(data []byte, res *StatusPageResult) error {
	var doc struct {
		Page struct {
			Name string `json:"name"`
		} `json:"page"`
		Status *struct {
			Indicator   string `json:"indicator"`
			Description string `json:"description"`
		} `json:"status"`
		Components []struct {
			Name   string `json:"name"`
			Status string `json:"status"`
			Group  bool   `json:"group"`
		} `json:"components"`
		Incidents []struct {
			Name   string `json:"name"`
			Status string `json:"status"`
			Impact string `json:"impact"`
		} `json:"incidents"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("not a status page answer: %w", err)
	}
	if doc.Status == nil {
		return errors.New("not a status page answer: no status")
	}
	ind := strings.ToLower(cleanText(doc.Status.Indicator))
	if !knownIndicators[ind] {
		return fmt.Errorf("unknown status indicator %q", ind)
	}
	res.Name = cleanText(doc.Page.Name)
	res.Indicator = ind
	res.Description = cleanText(doc.Status.Description)
	for _, c := range doc.Components {
		if len(res.Components) == maxStatusComponents {
			break
		}
		if c.Group {
			continue // a group repeats its members' state
		}
		res.Components = append(res.Components, StatusComponent{Name: cleanText(c.Name), Status: cleanText(c.Status)})
	}
	for _, in := range doc.Incidents {
		if len(res.Incidents) == maxStatusIncidents {
			break
		}
		if s := strings.ToLower(in.Status); s == "resolved" || s == "postmortem" {
			continue
		}
		res.Incidents = append(res.Incidents, StatusIncident{Name: cleanText(in.Name), Status: cleanText(in.Status), Impact: cleanText(in.Impact)})
	}
	return nil
}

// cleanText keeps printable text on one line, at most maxStatusText runes.
func cleanText(s string) string {
	var b strings.Builder
	n := 0
	space := false
	for _, r := range s {
		if n == maxStatusText {
			b.WriteString("…")
			break
		}
		if unicode.IsSpace(r) || !unicode.IsPrint(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}
