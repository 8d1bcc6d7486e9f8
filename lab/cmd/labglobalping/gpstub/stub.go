// Package gpstub is a stand-in for the Globalping measurements API
// (POST /v1/measurements, GET /v1/measurements/{id}), serving the shapes
// of its published OpenAPI description (jsdelivr/globalping
// public/v1/spec.yaml) from a fixed set of pretend probes whose answers a
// scenario decides. The lab's labglobalping command serves it; unit tests
// mount it on httptest. It never contacts anything.
package gpstub

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
)

// Scenarios. Each decides what the probes see, or how the API itself
// misbehaves.
const (
	WorksElsewhere  = "works-elsewhere"   // every probe gets 200
	FailsEverywhere = "fails-everywhere"  // every probe's request fails (refused)
	Down5xx         = "answers-503"       // every probe gets an answered 503
	FailsInUserASN  = "fails-in-user-asn" // probes in the user's ASN fail, the rest get 200
	Regional        = "regional"          // probes in Asia and Oceania time out, the rest get 200
	RateLimited     = "rate-limited"      // creation answered 429 with the rate-limit headers
	ServiceDown     = "service-down"      // every call answered 503 by the API itself
	Endless         = "endless"           // the measurement never leaves in-progress
	Partial         = "partial"           // never finishes; two probes have final results
	RetryAfter      = "retry-after"       // in progress once, with Retry-After: 1
	HostileHuge     = "hostile-huge"      // the measurement is 2 MiB of JSON
	HostileJSON     = "hostile-malformed" // the measurement is not JSON
	HostileTypes    = "hostile-types"     // statusCode is a string, results an object
)

// Probe is a pretend probe.
type Probe struct {
	Continent, Region, Country, City, Network string
	ASN                                       int
}

// DefaultUserASN is the user's network in the lab's story: the stub has a
// probe there, so "your provider cannot reach it" can be shown.
const DefaultUserASN = 64500

// Probes is the pretend probe network: one or two per continent, and one
// inside the user's network (DefaultUserASN, country DE).
var Probes = []Probe{
	{"EU", "Western Europe", "DE", "Frankfurt", "Hetzner Online GmbH", 24940},
	{"EU", "Western Europe", "DE", "Berlin", "Lab Home ISP", DefaultUserASN},
	{"NA", "Northern America", "US", "Ashburn", "Amazon.com, Inc.", 14618},
	{"AS", "Eastern Asia", "JP", "Tokyo", "Sakura Internet", 9370},
	{"SA", "South America", "BR", "São Paulo", "Claro S.A.", 28573},
	{"OC", "Australia and New Zealand", "AU", "Sydney", "OVH SAS", 16276},
	{"AF", "Southern Africa", "ZA", "Johannesburg", "Afrihost", 37611},
}

// Server is the stand-in. Scenario applies to every target unless
// PerTarget names the target (a host name).
type Server struct {
	Scenario  string
	PerTarget map[string]string
	UserASN   int         // 0 = DefaultUserASN
	Live      *LiveProbes // the live scenario's probes; nil = direct fetches

	mu      sync.Mutex
	next    int
	ms      map[string]*measurement
	created int
	polls   int
	last    []byte
}

// Created is how many measurements were created.
func (s *Server) Created() int { s.mu.Lock(); defer s.mu.Unlock(); return s.created }

// Polls is how many GETs were served.
func (s *Server) Polls() int { s.mu.Lock(); defer s.mu.Unlock(); return s.polls }

// LastRequest is the last creation body: what gatewatch sent.
func (s *Server) LastRequest() []byte {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]byte(nil), s.last...)
}

type measurement struct {
	id, target, scenario string
	port                 int
	probes               []Probe
	polls                int
	live                 *liveResult
}

func (s *Server) scenarioFor(target string) string {
	if sc, ok := s.PerTarget[target]; ok {
		return sc
	}
	if s.Scenario == "" {
		return WorksElsewhere
	}
	return s.Scenario
}

func (s *Server) userASN() int {
	if s.UserASN == 0 {
		return DefaultUserASN
	}
	return s.UserASN
}

// ServeHTTP routes the two documented calls.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch {
	case r.Method == http.MethodPost && r.URL.Path == "/v1/measurements":
		s.create(w, r)
	case r.Method == http.MethodGet && strings.HasPrefix(r.URL.Path, "/v1/measurements/"):
		s.get(w, strings.TrimPrefix(r.URL.Path, "/v1/measurements/"))
	default:
		apiErr(w, http.StatusNotFound, "not_found", "Couldn't find the requested item.")
	}
}

type location struct {
	Continent string `json:"continent"`
	Country   string `json:"country"`
	ASN       int    `json:"asn"`
	Magic     string `json:"magic"`
	Limit     int    `json:"limit"`
}

type createBody struct {
	Type               string     `json:"type"`
	Target             string     `json:"target"`
	Locations          []location `json:"locations"`
	Limit              int        `json:"limit"`
	MeasurementOptions struct {
		Port     int    `json:"port"`
		Protocol string `json:"protocol"`
		Request  struct {
			Path string `json:"path"`
		} `json:"request"`
	} `json:"measurementOptions"`
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	var body createBody
	raw := make([]byte, 0, 4096)
	buf := make([]byte, 4096)
	for len(raw) < 64<<10 {
		n, err := r.Body.Read(buf)
		raw = append(raw, buf[:n]...)
		if err != nil {
			break
		}
	}
	s.mu.Lock()
	s.last = raw
	s.mu.Unlock()
	if err := json.Unmarshal(raw, &body); err != nil || body.Target == "" || body.Type == "" {
		apiErr(w, http.StatusBadRequest, "validation_error", "Parameter validation failed.")
		return
	}
	if strings.Contains(body.Target, "/") {
		// The real API wants a host name, not a URL.
		apiErr(w, http.StatusBadRequest, "validation_error", `"target" must be a valid hostname`)
		return
	}
	sc := s.scenarioFor(body.Target)
	switch sc {
	case ServiceDown:
		http.Error(w, "upstream unavailable", http.StatusServiceUnavailable)
		return
	case RateLimited:
		w.Header().Set("X-RateLimit-Limit", "250")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", "1800")
		apiErr(w, http.StatusTooManyRequests, "rate_limit_exceeded", "API rate limit exceeded.")
		return
	}
	probes := s.pick(body)
	if len(probes) == 0 {
		apiErr(w, http.StatusUnprocessableEntity, "no_probes_found", "No suitable probes found.")
		return
	}
	s.mu.Lock()
	s.next++
	id := fmt.Sprintf("lab%06d", s.next)
	if s.ms == nil {
		s.ms = map[string]*measurement{}
	}
	port := body.MeasurementOptions.Port
	if port == 0 {
		port = 443
	}
	m := &measurement{id: id, target: body.Target, scenario: sc, port: port, probes: probes}
	if sc == Live {
		l := s.Live
		if l == nil {
			l = &LiveProbes{}
		}
		m.live = l.run(m, body, s.userASN())
	}
	s.ms[id] = m
	s.created++
	s.mu.Unlock()
	w.Header().Set("Location", "/v1/measurements/"+id)
	w.Header().Set("X-RateLimit-Limit", "250")
	w.Header().Set("X-RateLimit-Remaining", fmt.Sprint(250-len(probes)))
	w.Header().Set("X-RateLimit-Reset", "3600")
	writeJSON(w, http.StatusAccepted, map[string]any{"id": id, "probesCount": len(probes)})
}

// pick serves each location with matching probes, each probe once.
func (s *Server) pick(b createBody) []Probe {
	used := map[int]bool{}
	var out []Probe
	for _, l := range b.Locations {
		limit := l.Limit
		if limit <= 0 {
			limit = 1
		}
		for i, p := range Probes {
			if limit == 0 {
				break
			}
			if used[i] || !matches(p, l, s.userASN()) {
				continue
			}
			used[i] = true
			out = append(out, s.asUser(p))
			limit--
		}
	}
	return out
}

// asUser puts the user-network probe into the configured user ASN.
func (s *Server) asUser(p Probe) Probe {
	if p.ASN == DefaultUserASN {
		p.ASN = s.userASN()
	}
	return p
}

func matches(p Probe, l location, userASN int) bool {
	asn := p.ASN
	if asn == DefaultUserASN {
		asn = userASN
	}
	switch {
	case l.ASN != 0:
		return asn == l.ASN
	case l.Country != "":
		return strings.EqualFold(p.Country, l.Country)
	case l.Continent != "":
		// The user-network probe answers for its network and country
		// only, so a continent's probe is never the user's own.
		return p.Continent == l.Continent && p.ASN != DefaultUserASN
	}
	return false
}

func (s *Server) get(w http.ResponseWriter, id string) {
	s.mu.Lock()
	m := s.ms[id]
	if m != nil {
		m.polls++
	}
	s.polls++
	s.mu.Unlock()
	if m == nil {
		apiErr(w, http.StatusNotFound, "not_found", "Couldn't find the requested item.")
		return
	}
	switch m.scenario {
	case HostileHuge:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		pad := strings.Repeat("x", 2<<20)
		fmt.Fprintf(w, `{"id":%q,"status":"finished","results":[],"pad":"%s"}`, id, pad)
		return
	case HostileJSON:
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, `{"id": "`+id+`", "status": "finished", "results": [ {`)
		return
	case HostileTypes:
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		fmt.Fprintf(w, `{"id":%q,"status":"finished","results":{"probe":"x","result":{"statusCode":"200"}}}`, id)
		return
	}
	status := "finished"
	switch {
	case m.live != nil:
		select {
		case <-m.live.done:
		default:
			status = "in-progress"
		}
	case m.scenario == Endless || m.scenario == Partial:
		status = "in-progress"
	case m.scenario == RetryAfter && m.polls == 1:
		status = "in-progress"
		w.Header().Set("Retry-After", "1")
	case m.polls == 1:
		// Every measurement is in progress at the first look, as real
		// ones are for a second or two.
		status = "in-progress"
	}
	var results []map[string]any
	for i, p := range m.probes {
		results = append(results, map[string]any{
			"probe":  probeJSON(p),
			"result": s.result(m, p, i, status),
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{
		"id": id, "type": "http", "target": m.target, "status": status,
		"createdAt": "2026-01-01T00:00:00.000Z", "updatedAt": "2026-01-01T00:00:01.000Z",
		"probesCount": len(m.probes), "results": results,
	})
}

func probeJSON(p Probe) map[string]any {
	return map[string]any{
		"continent": p.Continent, "region": p.Region, "country": p.Country, "state": nil,
		"city": p.City, "asn": p.ASN, "network": p.Network,
		"latitude": 0.0, "longitude": 0.0, "tags": []string{}, "resolvers": []string{"private"},
	}
}

// result is one probe's test result under the measurement's scenario.
func (s *Server) result(m *measurement, p Probe, i int, status string) map[string]any {
	if status == "in-progress" && !(m.scenario == Partial && i < 2) {
		return map[string]any{"status": "in-progress", "rawOutput": ""}
	}
	if m.live != nil {
		return m.live.results[i]
	}
	fail := false
	timeout := false
	answered := 200
	switch m.scenario {
	case FailsEverywhere:
		fail = true
	case Down5xx:
		answered = 503
	case FailsInUserASN:
		fail = p.ASN == s.userASN()
	case Regional:
		fail, timeout = p.Continent == "AS" || p.Continent == "OC", true
	}
	if fail {
		raw := fmt.Sprintf("connect ECONNREFUSED %s:%d", m.target, m.port)
		if timeout {
			raw = "Timeout awaiting 'request' for 10000ms"
		}
		return map[string]any{"status": "failed", "rawOutput": raw}
	}
	return map[string]any{
		"status": "finished", "rawOutput": fmt.Sprintf("HTTP/1.1 %d\n", answered),
		"statusCode": answered, "statusCodeName": http.StatusText(answered),
		"resolvedAddress": "203.0.113.20", "headers": map[string]string{}, "rawHeaders": "", "rawBody": nil,
		"timings": map[string]any{"total": 120 + 10*i, "dns": 5, "tcp": 20, "tls": 30, "firstByte": 60, "download": 5},
		"tls":     map[string]any{"authorized": true, "createdAt": "2026-01-01T00:00:00Z", "expiresAt": "2027-01-01T00:00:00Z", "subject": map[string]string{"CN": m.target, "alt": ""}, "issuer": map[string]string{"C": "XX", "O": "Lab", "CN": "Lab CA"}},
	}
}

func apiErr(w http.ResponseWriter, status int, typ, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]string{"type": typ, "message": msg}})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}
