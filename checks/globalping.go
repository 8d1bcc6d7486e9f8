package checks

// A small client of the Globalping measurements API (jsdelivr's open
// probe network), for the "down for everyone, or just me?" second
// opinion.
//
// Why not the official client, github.com/jsdelivr/globalping-go: read
// at its repository (client.go, measurement.go, go.mod), it reads every
// answer with io.ReadAll (no size cap: a hostile or broken API answer
// fills memory), polls with time.Sleep(500ms) without the context and
// without Retry-After, drops the JSON error of a created measurement,
// fixes the API's address in a package constant (no stand-in server for
// tests), and pulls in andybalholm/brotli and, in some versions,
// github.com/jsdelivr/globalping-cli. The module proxy here also refuses
// it (`go list -m -versions github.com/jsdelivr/globalping-go`: 403). The
// two calls gatewatch needs are a hundred lines against the documented
// API, with the caps and the test guard every other probe has.
//
// The shapes below are those of the published OpenAPI description,
// jsdelivr/globalping public/v1/spec.yaml and public/v1/components/
// (headers.yaml, responses.yaml), served at https://api.globalping.io/v1:
//
//	POST /v1/measurements  MeasurementRequest {type, target, locations:
//	  [{continent|country|asn|magic|…, limit}], limit, measurementOptions}
//	  For type "http": measurementOptions {request: {method HEAD|GET, path,
//	  query, host, headers}, protocol HTTP|HTTPS|HTTP2, port}. target is a
//	  host name (or IPv4), never a URL.
//	  → 202 {id, probesCount}, Location: the measurement's URL, and
//	  X-RateLimit-Limit / -Remaining / -Reset (seconds until the reset);
//	  400 validation_error, 422 no_probes_found, 429 rate_limit_exceeded,
//	  each {error: {type, message}}.
//	GET /v1/measurements/{id} → 200 MeasurementResponse {id, type, target,
//	  status: in-progress|finished ("any value other than in-progress is
//	  final"), probesCount, results: [{probe: {continent, region, country,
//	  state, city, asn, network, …}, result: TestResult}]}; 404.
//	  TestResult: {status: in-progress|finished|failed, rawOutput}; a
//	  finished HTTP result adds statusCode, statusCodeName, resolvedAddress,
//	  timings {total, dns, tcp, tls, firstByte, download} (ms, nullable),
//	  tls {authorized, error, …} or null. A refused, timed-out or unresolved
//	  request is a failed result whose rawOutput carries the error text; an
//	  answered 5xx is a finished result with its status code.
//	Polling may be answered with Retry-After: honoured (issue 14).

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// DefaultGlobalpingAPI is the real service. Tests never use it: they pass
// a stand-in's address (lab/cmd/labglobalping), and the test guard refuses
// any other address anyway.
const DefaultGlobalpingAPI = "https://api.globalping.io"

// Bounds on what the API may cost us, whatever it answers.
const (
	GlobalpingMaxBody    = 1 << 20 // one answer; 8 probes' HTTP results with 10 kB bodies fit well under it
	globalpingCallLimit  = 10 * time.Second
	globalpingMinPoll    = 500 * time.Millisecond
	globalpingMaxPolls   = 60 // with the minimum interval, 30 s: more than the caller's bound
	globalpingErrExcerpt = 200
)

// GPLocation is one entry of a measurement's locations.
type GPLocation struct {
	Continent string `json:"continent,omitempty"`
	Country   string `json:"country,omitempty"`
	ASN       int    `json:"asn,omitempty"`
	Magic     string `json:"magic,omitempty"`
	Limit     int    `json:"limit,omitempty"`
}

// GPHTTPRequest is measurementOptions.request of an HTTP measurement.
type GPHTTPRequest struct {
	Method  string            `json:"method,omitempty"`
	Path    string            `json:"path,omitempty"`
	Query   string            `json:"query,omitempty"`
	Host    string            `json:"host,omitempty"`
	Headers map[string]string `json:"headers,omitempty"`
}

// GPHTTPOptions is measurementOptions of an HTTP measurement.
type GPHTTPOptions struct {
	Request  GPHTTPRequest `json:"request"`
	Protocol string        `json:"protocol,omitempty"`
	Port     int           `json:"port,omitempty"`
}

// GPMeasurementRequest is the body of POST /v1/measurements.
type GPMeasurementRequest struct {
	Type               string         `json:"type"`
	Target             string         `json:"target"`
	Locations          []GPLocation   `json:"locations,omitempty"`
	Limit              int            `json:"limit,omitempty"`
	MeasurementOptions *GPHTTPOptions `json:"measurementOptions,omitempty"`
}

// GPRateLimit is what the X-RateLimit-* headers said.
type GPRateLimit struct {
	Known            bool
	Limit, Remaining int
	Reset            time.Duration
}

// GPCreated is the 202 answer to a new measurement.
type GPCreated struct {
	ID          string `json:"id"`
	ProbesCount int    `json:"probesCount"`
	RateLimit   GPRateLimit
}

// GPProbe is the probe part of one result.
type GPProbe struct {
	Continent string `json:"continent"`
	Region    string `json:"region"`
	Country   string `json:"country"`
	City      string `json:"city"`
	ASN       int    `json:"asn"`
	Network   string `json:"network"`
}

// GPTLS is the TLS part of a finished HTTP result.
type GPTLS struct {
	Authorized bool   `json:"authorized"`
	Error      string `json:"error"`
}

// GPResult is one probe's test result.
type GPResult struct {
	Status     string `json:"status"`
	RawOutput  string `json:"rawOutput"`
	StatusCode int    `json:"statusCode"`
	Timings    struct {
		Total *float64 `json:"total"`
	} `json:"timings"`
	TLS *GPTLS `json:"tls"`
}

// GPResultItem is one entry of results.
type GPResultItem struct {
	Probe  GPProbe  `json:"probe"`
	Result GPResult `json:"result"`
}

// GPMeasurement is the answer to GET /v1/measurements/{id}.
type GPMeasurement struct {
	ID          string         `json:"id"`
	Type        string         `json:"type"`
	Target      string         `json:"target"`
	Status      string         `json:"status"`
	ProbesCount int            `json:"probesCount"`
	Results     []GPResultItem `json:"results"`
}

// Finished: the measurement's status is final.
func (m GPMeasurement) Finished() bool { return m.Status != "in-progress" }

// ErrGPUnavailable is matched by every failure to get an answer from the
// API at all (connection refused, timeout, its own 5xx).
var ErrGPUnavailable = errors.New("globalping unavailable")

// ErrGPMalformed is matched when the API answered something that is not
// the documented shape (not JSON, wrong types, too large, no id).
var ErrGPMalformed = errors.New("globalping answer malformed")

// GPRateLimitError is a 429 (or a creation refused with no requests left).
type GPRateLimitError struct {
	RetryIn time.Duration // from Retry-After or X-RateLimit-Reset; 0 when not said
	Message string
}

func (e *GPRateLimitError) Error() string {
	s := "globalping rate limit reached"
	if e.Message != "" {
		s += " (" + e.Message + ")"
	}
	if e.RetryIn > 0 {
		s += "; resets in " + HumanDuration(e.RetryIn)
	}
	return s
}

// GPAPIError is any other documented error answer (400, 404, 422).
type GPAPIError struct {
	Status        int
	Type, Message string
}

func (e *GPAPIError) Error() string {
	return fmt.Sprintf("globalping answered %d %s: %s", e.Status, e.Type, e.Message)
}

// GlobalpingClient talks to one Globalping API.
type GlobalpingClient struct {
	API   string // base URL, "" = DefaultGlobalpingAPI
	Token string // optional; sent as a bearer token, never logged
	// HTTP, when set, replaces the guarded client (tests).
	HTTP *http.Client
	// MinPoll, when set, replaces the minimum poll interval (tests).
	MinPoll time.Duration
}

func (c *GlobalpingClient) base() (*url.URL, error) {
	api := c.API
	if api == "" {
		api = DefaultGlobalpingAPI
	}
	u, err := url.Parse(strings.TrimSuffix(api, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("globalping api %q: not an http(s) URL", api)
	}
	return u, nil
}

func (c *GlobalpingClient) client() *http.Client {
	if c.HTTP != nil {
		return c.HTTP
	}
	// The probes' own dialer: the test guard applies to the API too, so a
	// test pointed at the real service fails instead of sending.
	return &http.Client{
		Timeout: globalpingCallLimit,
		Transport: &http.Transport{
			DialContext:            pinnedDial(netip.Addr{}),
			TLSHandshakeTimeout:    5 * time.Second,
			ResponseHeaderTimeout:  globalpingCallLimit,
			MaxResponseHeaderBytes: 64 << 10,
			DisableKeepAlives:      false,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Create starts a measurement.
func (c *GlobalpingClient) Create(ctx context.Context, req GPMeasurementRequest) (GPCreated, error) {
	var out GPCreated
	body, err := json.Marshal(req)
	if err != nil {
		return out, fmt.Errorf("globalping request: %w", err)
	}
	resp, data, err := c.do(ctx, http.MethodPost, "/v1/measurements", body)
	if err != nil {
		return out, err
	}
	out.RateLimit = rateLimitOf(resp.Header)
	if resp.StatusCode != http.StatusAccepted {
		return out, apiError(resp, data)
	}
	if err := decodeStrict(data, &out); err != nil {
		return out, err
	}
	if out.ID == "" || strings.ContainsAny(out.ID, "/?#%") {
		return out, fmt.Errorf("%w: measurement id %q", ErrGPMalformed, out.ID)
	}
	return out, nil
}

// Get reads a measurement once; wait is the server's Retry-After (0 when
// not given).
func (c *GlobalpingClient) Get(ctx context.Context, id string) (m GPMeasurement, wait time.Duration, err error) {
	resp, data, err := c.do(ctx, http.MethodGet, "/v1/measurements/"+url.PathEscape(id), nil)
	if err != nil {
		return m, 0, err
	}
	wait = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	if resp.StatusCode != http.StatusOK {
		return m, wait, apiError(resp, data)
	}
	if err := decodeStrict(data, &m); err != nil {
		return m, wait, err
	}
	if m.Status == "" {
		return m, wait, fmt.Errorf("%w: measurement without a status", ErrGPMalformed)
	}
	return m, wait, nil
}

// Await polls a measurement until its status is final, honouring
// Retry-After, until ctx ends: the caller's context is the bound on the
// total time (the second opinion gives it 20 s). On timeout it returns
// the last in-progress answer with the context's error, so finished
// probes are not thrown away.
func (c *GlobalpingClient) Await(ctx context.Context, id string) (GPMeasurement, error) {
	poll := c.MinPoll
	if poll <= 0 {
		poll = globalpingMinPoll
	}
	var last GPMeasurement
	for i := 0; i < globalpingMaxPolls; i++ {
		m, wait, err := c.Get(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return last, fmt.Errorf("globalping measurement %s still in progress: %w", id, ctx.Err())
			}
			return last, err
		}
		last = m
		if m.Finished() {
			return m, nil
		}
		if wait < poll {
			wait = poll
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return last, fmt.Errorf("globalping measurement %s still in progress: %w", id, ctx.Err())
		case <-t.C:
		}
	}
	return last, fmt.Errorf("globalping measurement %s still in progress after %d polls", id, globalpingMaxPolls)
}

// do sends one request and reads at most GlobalpingMaxBody of the answer.
func (c *GlobalpingClient) do(ctx context.Context, method, path string, body []byte) (*http.Response, []byte, error) {
	base, err := c.base()
	if err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, globalpingCallLimit)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, base.String()+path, rd)
	if err != nil {
		return nil, nil, fmt.Errorf("globalping request: %w", err)
	}
	req.Header.Set("User-Agent", "gatewatch (+https://github.com/gatewatch/gatewatch)")
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.Token)
	}
	resp, err := c.client().Do(req)
	if err != nil {
		// The URL is the API's, never the token: safe to show.
		return nil, nil, fmt.Errorf("%w: %s %s: %v", ErrGPUnavailable, method, base.Host+path, unwrapURLError(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, GlobalpingMaxBody+1))
	if err != nil {
		return nil, nil, fmt.Errorf("%w: reading the answer to %s %s: %v", ErrGPUnavailable, method, path, err)
	}
	if len(data) > GlobalpingMaxBody {
		return nil, nil, fmt.Errorf("%w: answer to %s %s larger than %d bytes", ErrGPMalformed, method, path, GlobalpingMaxBody)
	}
	if resp.StatusCode >= 500 {
		return nil, nil, fmt.Errorf("%w: %s %s answered %d", ErrGPUnavailable, method, path, resp.StatusCode)
	}
	return resp, data, nil
}

// decodeStrict decodes one JSON value and nothing after it; a field of
// the wrong type is an error, not a zero.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", ErrGPMalformed, err)
	}
	if dec.More() {
		return fmt.Errorf("%w: trailing data after the JSON answer", ErrGPMalformed)
	}
	return nil
}

func apiError(resp *http.Response, data []byte) error {
	var body struct {
		Error struct {
			Type    string `json:"type"`
			Message string `json:"message"`
		} `json:"error"`
	}
	_ = json.Unmarshal(data, &body) // a non-JSON error body still gives its status
	msg := excerpt(body.Error.Message)
	if resp.StatusCode == http.StatusTooManyRequests {
		wait := parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
		if rl := rateLimitOf(resp.Header); wait == 0 && rl.Known {
			wait = rl.Reset
		}
		return &GPRateLimitError{RetryIn: wait, Message: msg}
	}
	return &GPAPIError{Status: resp.StatusCode, Type: excerpt(body.Error.Type), Message: msg}
}

func rateLimitOf(h http.Header) GPRateLimit {
	var rl GPRateLimit
	limit, e1 := strconv.Atoi(h.Get("X-RateLimit-Limit"))
	rem, e2 := strconv.Atoi(h.Get("X-RateLimit-Remaining"))
	reset, e3 := strconv.Atoi(h.Get("X-RateLimit-Reset"))
	if e1 != nil || e2 != nil || e3 != nil || reset < 0 {
		return rl
	}
	if reset > 86400 {
		reset = 86400 // a hostile header cannot park the feature for longer than a day
	}
	return GPRateLimit{Known: true, Limit: limit, Remaining: rem, Reset: time.Duration(reset) * time.Second}
}

// excerpt keeps an API-provided text short and on one line.
func excerpt(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > globalpingErrExcerpt {
		s = s[:globalpingErrExcerpt] + "…"
	}
	return s
}
