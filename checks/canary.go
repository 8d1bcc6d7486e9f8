package checks

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"
)

// DefaultCanaryTimeout is short: a canary answers in one round trip when
// the internet works, and a user-side verdict must come within seconds.
const DefaultCanaryTimeout = 2 * time.Second

// CanaryOptions configure a connectivity canary fetch.
type CanaryOptions struct {
	Timeout time.Duration
	// DialAddr pins the connection to an address resolved elsewhere (by
	// the reference resolvers), so a broken system resolver is not
	// mistaken for being offline.
	DialAddr netip.Addr
}

// CanaryResult says whether a generate_204-style URL answered as expected.
type CanaryResult struct {
	URL       string
	Online    bool   // the expected 204 (or an empty 200) came back
	Captive   bool   // something answered in the canary's place: a redirect or a page
	PortalURL string // where the captive portal wants the user to go
	Status    int
	Date      time.Time     // the answering server's clock
	Skew      time.Duration // local clock minus Date when the answer arrived; 0 without a Date
	Err       ErrKind
	Detail    string
	Elapsed   time.Duration
}

// Canary fetches a connectivity-check URL the way OS captive-portal
// detectors do: no redirects followed, no keep-alive, no proxy, short
// timeout.
func Canary(ctx context.Context, canary *url.URL, opt CanaryOptions) CanaryResult {
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultCanaryTimeout
	}
	start := time.Now()
	res := CanaryResult{URL: Redact(canary)}
	ctx, cancel := context.WithTimeout(ctx, opt.Timeout)
	defer cancel()

	tr := &http.Transport{
		Proxy:                  nil,
		DialContext:            pinnedDial(opt.DialAddr),
		DisableKeepAlives:      true,
		DisableCompression:     true,
		MaxResponseHeaderBytes: 16 << 10,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{
		Transport:     tr,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, canary.String(), nil)
	if err != nil {
		res.Err, res.Detail = ErrOther, fmt.Sprintf("bad canary URL: %v", err)
		res.Elapsed = time.Since(start)
		return res
	}
	req.Header.Set("User-Agent", UserAgent)
	resp, err := client.Do(req)
	if err != nil {
		err = unwrapURLError(err)
		res.Err = Classify(err)
		res.Detail = fmt.Sprintf("no answer from %s: %v", hostOf(canary), err)
		res.Elapsed = time.Since(start)
		return res
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 16<<10)) // only its emptiness matters
	res.Status = resp.StatusCode
	res.Date, res.Skew = ServerClock(resp.Header, time.Now())
	res.Elapsed = time.Since(start)
	switch {
	case resp.StatusCode == http.StatusNoContent,
		resp.StatusCode == http.StatusOK && len(strings.TrimSpace(string(body))) == 0:
		res.Online = true
		res.Detail = fmt.Sprintf("%s answered %d", hostOf(canary), resp.StatusCode)
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		res.Captive = true
		res.PortalURL = portalFromLocation(canary, resp.Header.Get("Location"))
		res.Detail = fmt.Sprintf("%s was redirected (%d) to %s", hostOf(canary), resp.StatusCode, res.PortalURL)
	case resp.StatusCode == http.StatusOK:
		res.Captive = true
		res.PortalURL = Redact(canary)
		res.Detail = fmt.Sprintf("%s answered with a page instead of an empty reply: a login page is intercepting", hostOf(canary))
	case resp.StatusCode == http.StatusProxyAuthRequired || resp.StatusCode == http.StatusNetworkAuthenticationRequired:
		res.Captive = true
		res.PortalURL = portalFromLocation(canary, resp.Header.Get("Location"))
		res.Detail = fmt.Sprintf("%s answered %d: the network wants you to sign in", hostOf(canary), resp.StatusCode)
	default:
		res.Err = ErrProtocol
		res.Detail = fmt.Sprintf("%s answered %d, expected 204", hostOf(canary), resp.StatusCode)
	}
	return res
}

// portalFromLocation resolves a redirect target against the canary URL and
// keeps it only if it is http or https: a portal URL is later opened in a
// browser, so nothing else may pass.
func portalFromLocation(base *url.URL, loc string) string {
	if loc == "" {
		return Redact(base)
	}
	u, err := base.Parse(loc)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return Redact(base)
	}
	return Redact(u)
}

func hostOf(u *url.URL) string { return u.Host }
