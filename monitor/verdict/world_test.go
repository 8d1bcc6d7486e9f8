package verdict

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
)

const labUserASN = 64500

// worldProbes is the pretend probe network of the lab's stand-in
// (lab/cmd/labglobalping/gpstub), one probe inside the user's network.
func worldProbes() []checks.WorldProbe {
	return []checks.WorldProbe{
		{Place: "Frankfurt, DE", Continent: "EU", Country: "DE", Network: "Hetzner Online GmbH", ASN: 24940},
		{Place: "Berlin, DE", Continent: "EU", Country: "DE", Network: "Lab Home ISP", ASN: labUserASN},
		{Place: "Ashburn, US", Continent: "NA", Country: "US", Network: "Amazon.com, Inc.", ASN: 14618},
		{Place: "Tokyo, JP", Continent: "AS", Country: "JP", Network: "Sakura Internet", ASN: 9370},
		{Place: "São Paulo, BR", Continent: "SA", Country: "BR", Network: "Claro S.A.", ASN: 28573},
		{Place: "Sydney, AU", Continent: "OC", Country: "AU", Network: "OVH SAS", ASN: 16276},
		{Place: "Johannesburg, ZA", Continent: "AF", Country: "ZA", Network: "Afrihost", ASN: 37611},
	}
}

// world is a second opinion in which fails(p) decides which places fail.
func world(fails func(p checks.WorldProbe) bool) *checks.WorldResult {
	w := &checks.WorldResult{UserASN: labUserASN, UserCountry: "DE", CheckedAt: time.Now()}
	for _, p := range worldProbes() {
		if fails(p) {
			p.Error = "connect ECONNREFUSED shop.gw.test:443"
		} else {
			p.OK, p.Status, p.MS = true, 200, 120
		}
		w.Probes = append(w.Probes, p)
	}
	return w
}

var worldOf = map[string]func() *checks.WorldResult{
	"world-isp-blocked": func() *checks.WorldResult {
		return world(func(p checks.WorldProbe) bool { return p.ASN == labUserASN })
	},
	"world-elsewhere": func() *checks.WorldResult { return world(func(checks.WorldProbe) bool { return false }) },
	"world-regional": func() *checks.WorldResult {
		return world(func(p checks.WorldProbe) bool { return p.Continent == "AS" || p.Continent == "OC" })
	},
	"world-down": func() *checks.WorldResult { return world(func(checks.WorldProbe) bool { return true }) },
}

// ambiguousBase is each ambiguous local verdict's evidence; origin-error
// with a page nobody recognised (a recognised one is not ambiguous).
var ambiguousBase = map[string]func(e *Evidence){
	"site-dns-broken": typicalOf("site-dns-broken"),
	"tls-invalid":     typicalOf("tls-invalid"),
	"origin-error": func(e *Evidence) {
		e.HTTP = response(503, nil, "<html>unavailable</html>")
		e.FP = checks.Fingerprint{GeneratedBy: checks.RoleUnknown}
	},
	"origin-refused": typicalOf("origin-refused"),
	"origin-silent":  typicalOf("origin-silent"),
}

func withWorld(rule string, base func(e *Evidence)) func(e *Evidence) {
	return func(e *Evidence) {
		base(e)
		e.World = worldOf[rule]()
	}
}

func init() {
	silent := typicalOf("origin-silent")
	refused := typicalOf("origin-refused")
	ruleCases = append(ruleCases,
		struct {
			rule  string
			side  Side
			hop   Hop
			build func(e *Evidence)
			says  string
		}{"world-isp-blocked", SideUser, HopISP, withWorld("world-isp-blocked", silent),
			"Your provider (AS64500 Lab Home ISP) cannot reach shop.gw.test; other networks can (6 of 6 places answer: Frankfurt, DE 200; Ashburn, US 200"},
		struct {
			rule  string
			side  Side
			hop   Hop
			build func(e *Evidence)
			says  string
		}{"world-elsewhere", SideUnknown, HopNone, withWorld("world-elsewhere", silent),
			"answers from 7 of 7 places elsewhere"},
		struct {
			rule  string
			side  Side
			hop   Hop
			build func(e *Evidence)
			says  string
		}{"world-regional", SideServer, HopOrigin, withWorld("world-regional", silent),
			"shop.gw.test is down in Asia, Oceania: it fails from 2 of 7 places (connect ECONNREFUSED shop.gw.test:443 from Tokyo, JP, Sydney, AU)"},
		struct {
			rule  string
			side  Side
			hop   Hop
			build func(e *Evidence)
			says  string
		}{"world-down", SideServer, HopOrigin, withWorld("world-down", refused),
			"shop.gw.test is down for everyone (7 of 7 places)"},
	)
	for _, w := range Rules {
		if !w.ReadsWorld {
			continue
		}
		for amb, base := range ambiguousBase {
			bothHold[w.Name+">"+amb] = withWorld(w.Name, base)
		}
	}
}

// A second opinion is asked only for ambiguous local verdicts, never for
// a user-side one, a site that works, or a recognised server error page.
func TestWorldWanted(t *testing.T) {
	want := map[string]bool{
		"site-dns-broken": true, "tls-invalid": true, "origin-refused": true, "origin-silent": true, "undecided": true,
	}
	for _, c := range ruleCases {
		if r, _ := RuleNamed(c.rule); r.ReadsWorld {
			continue
		}
		e := healthy()
		c.build(e)
		asked := 0
		opt := Options{World: fakeOpinion(func() { asked++ })}
		askWorld(context.Background(), e, opt)
		if got := asked == 1; got != want[c.rule] {
			t.Errorf("%s: asked %d times, want asked: %v", c.rule, asked, want[c.rule])
		}
	}
	e := healthy()
	ambiguousBase["origin-error"](e)
	if !WorldWanted(e) {
		t.Error("an unrecognised 5xx page must be ambiguous")
	}
	// Not configured: never asked, nothing changes.
	e = typical(t, "origin-silent")
	askWorld(context.Background(), e, Options{})
	if e.World != nil {
		t.Error("asked without a second opinion configured")
	}
}

type fakeOpinion func()

func (f fakeOpinion) Ask(context.Context, *url.URL) *checks.WorldResult {
	f()
	return worldOf["world-down"]()
}

// No usable second opinion: the local verdict stands, with a note.
func TestWorldFallsBackToTheLocalVerdict(t *testing.T) {
	cases := []struct {
		name   string
		world  *checks.WorldResult
		reason string
	}{
		{"rate limited", &checks.WorldResult{RateLimited: true, Err: "globalping rate limit reached; resets in 30 min"}, "rate limit reached"},
		{"service down", &checks.WorldResult{Err: "globalping unavailable: POST api.lab/v1/measurements: connection refused"}, "globalping unavailable"},
		{"malformed", &checks.WorldResult{Err: "globalping answer malformed: unexpected EOF"}, "malformed"},
		{"too few places", &checks.WorldResult{Probes: worldOf["world-down"]().Probes[:2]}, "only 2 place(s) answered"},
		{"partial, timed out", &checks.WorldResult{Probes: worldOf["world-down"]().Probes[:2], Err: "still in progress"}, "still in progress"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := typical(t, "origin-silent")
			e.World = c.world
			v := Decide(e)
			if v.Rule != "origin-silent" {
				t.Fatalf("got %s, want the local origin-silent", v.Rule)
			}
			if len(v.Warnings) == 0 || !strings.Contains(v.Warnings[len(v.Warnings)-1], c.reason) {
				t.Errorf("warnings %q do not say %q", v.Warnings, c.reason)
			}
		})
	}
}

// One place failing of seven is noise: it still works elsewhere; two
// whole continents are a region.
func TestWorldThresholds(t *testing.T) {
	cases := []struct {
		fails func(p checks.WorldProbe) bool
		want  string
	}{
		{func(p checks.WorldProbe) bool { return p.Continent == "AF" }, "world-elsewhere"},
		{func(p checks.WorldProbe) bool { return p.Continent == "AF" || p.ASN == labUserASN }, "world-isp-blocked"},
		{func(p checks.WorldProbe) bool { return p.Continent == "AF" || p.Continent == "AS" }, "world-regional"},
		{func(p checks.WorldProbe) bool { return p.ASN != 24940 }, "world-regional"},
	}
	for i, c := range cases {
		e := typical(t, "origin-silent")
		e.World = world(c.fails)
		if v := Decide(e); v.Rule != c.want {
			t.Errorf("#%d: got %s, want %s: %s", i, v.Rule, c.want, v.Summary)
		}
	}
	// Without the user's network asked, a failure there cannot be seen.
	e := typical(t, "origin-silent")
	e.World = worldOf["world-isp-blocked"]()
	e.World.UserASN = 0
	if v := Decide(e); v.Rule != "world-elsewhere" {
		t.Errorf("no user ASN: got %s", v.Rule)
	}
}

// The JSON "world" object: every probe's row, places, agreed, summary;
// a cached answer says its age.
func TestWorldJSON(t *testing.T) {
	e := typical(t, "origin-refused")
	e.World = worldOf["world-down"]()
	e.World.Age = 4 * time.Minute
	b, err := json.Marshal(Decide(e))
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Summary string `json:"summary"`
		World   struct {
			Probes []struct {
				Place, Network, Error string
				ASN, Status           int
				MS                    int64
			} `json:"probes"`
			Places, Agreed int
			Summary        string
			AgeS           int64 `json:"age_s"`
		} `json:"world"`
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	w := got.World
	if w.Places != 7 || w.Agreed != 7 || len(w.Probes) != 7 || w.AgeS != 240 || w.Probes[1].ASN != labUserASN || w.Probes[0].Error == "" {
		t.Errorf("%s", b)
	}
	if !strings.Contains(w.Summary, "7 of 7 places elsewhere see shop.gw.test fail (asked 4 min ago)") || !strings.Contains(got.Summary, "(asked 4 min ago)") {
		t.Errorf("summaries %q / %q", w.Summary, got.Summary)
	}
	if v := Decide(typical(t, "origin-refused")); v.World != nil {
		t.Error("a world object without a second opinion")
	}
}

// An answered 5xx elsewhere counts as failing there.
func TestWorld5xxCountsAsDown(t *testing.T) {
	e := healthy()
	ambiguousBase["origin-error"](e)
	e.World = world(func(checks.WorldProbe) bool { return true })
	for i := range e.World.Probes {
		e.World.Probes[i].Error, e.World.Probes[i].Status = "answered 503", http.StatusServiceUnavailable
	}
	if v := Decide(e); v.Rule != "world-down" || !strings.Contains(v.Summary, "(7 of 7 places): answered 503 from Frankfurt, DE, Berlin, DE, Ashburn, US, Tokyo, JP and 3 more; from here: ") {
		t.Errorf("got %s: %s", v.Rule, v.Summary)
	}
}

// Diagnose asks the configured second opinion for a refused site and
// waits for it: the verdict is the world's.
func TestDiagnoseAsksTheWorld(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	u, _ := url.Parse(srv.URL + "/x")
	srv.Close() // refused from here
	asked := 0
	opt := loopbackOptions(healthyNet())
	opt.World = fakeOpinion(func() { asked++ })
	v := Diagnose(context.Background(), u, opt)
	if asked != 1 || v.Rule != "world-down" || v.World == nil || v.World.Agreed != 7 {
		t.Fatalf("asked %d, got %s: %s", asked, v.Rule, v.Summary)
	}
	// A site that answers is never asked about.
	ok := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("hello")) }))
	defer ok.Close()
	u, _ = url.Parse(ok.URL)
	if v := Diagnose(context.Background(), u, opt); asked != 1 || v.World != nil {
		t.Fatalf("asked about a working site: %d %s", asked, v.Rule)
	}
}

// The diagnostic report carries the second opinion, row by row.
func TestReportHasTheSecondOpinion(t *testing.T) {
	e := typical(t, "origin-silent")
	e.World = worldOf["world-isp-blocked"]()
	r := Report(Decide(e))
	for _, want := range []string{
		"Second opinion (Globalping): 1 of 7 places elsewhere see shop.gw.test fail.",
		"  [FAIL] Berlin, DE, AS64500 Lab Home ISP (0 ms): connect ECONNREFUSED shop.gw.test:443",
		"  [ok] Frankfurt, DE, AS24940 Hetzner Online GmbH (120 ms): 200",
	} {
		if !strings.Contains(r, want) {
			t.Errorf("report lacks %q:\n%s", want, r)
		}
	}
	if strings.Contains(Report(Decide(typical(t, "origin-silent"))), "Second opinion") {
		t.Error("a second opinion in a report without one")
	}
}
