package metrics

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gatewatch/gatewatch/checks"
	"github.com/gatewatch/gatewatch/monitor/verdict"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// Scrape the endpoint the way Prometheus would and look for the series.
func TestScrape(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	e := New()
	addr, errc, err := Serve(ctx, "127.0.0.1:0", e)
	if err != nil {
		t.Fatal(err)
	}
	at := time.Unix(1_800_000_000, 0)
	e.Observe("https://a.test/", verdict.Verdict{Side: verdict.SideServer, Hop: verdict.HopCDN}, at)
	e.Observe("https://a.test/", verdict.Verdict{Side: verdict.SideOK, Hop: verdict.HopNone,
		Phases: &checks.Phases{DNS: 2 * time.Millisecond, FirstByte: 40 * time.Millisecond}}, at)
	e.Observe("https://b.test/", verdict.Verdict{Side: verdict.SideUser, Hop: verdict.HopNone}, at)
	resp, err := http.Get("http://" + addr + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	text := string(body)
	if ct := resp.Header.Get("Content-Type"); ct != contentType {
		t.Errorf("Content-Type = %q", ct)
	}
	// Prometheus's own parser must accept every line (the format is
	// written by hand).
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("the scrape does not parse: %v\n%s", err, text)
	}
	if got := len(fams["gatewatch_site_side"].GetMetric()); got != 8 {
		t.Errorf("%d gatewatch_site_side series, want 4 sides x 2 sites", got)
	}
	for _, want := range []string{
		`gatewatch_site_up{site="https://a.test/"} 1`,
		`gatewatch_site_side{side="ok",site="https://a.test/"} 1`,
		`gatewatch_site_side{side="server",site="https://a.test/"} 0`,
		`gatewatch_site_hop{hop="none",site="https://a.test/"} 1`,
		`gatewatch_site_phase_seconds{phase="first_byte",site="https://a.test/"} 0.04`,
		`gatewatch_checks_total{side="server",site="https://a.test/"} 1`,
		`gatewatch_checks_total{side="ok",site="https://a.test/"} 1`,
		`gatewatch_site_last_check_timestamp_seconds{site="https://a.test/"} 1.8e+09`,
		"go_goroutines ",
		"# TYPE gatewatch_checks_total counter",
		"# TYPE gatewatch_site_up gauge",
		"process_resident_memory_bytes ",
		"process_cpu_seconds_total ",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("scrape lacks %q", want)
		}
	}
	if strings.Contains(text, `phase_seconds{phase="dns",site="https://b.test/"}`) {
		t.Error("phases exported for a site whose request was never timed")
	}
	if strings.Contains(text, `hop="cdn"`) {
		t.Error("the old hop is still exported")
	}
	cancel()
	if err := <-errc; err != nil {
		t.Error(err)
	}
}

// A label value is escaped as the text format requires: a URL may hold a
// quote or a backslash.
func TestLabelEscaping(t *testing.T) {
	e := New()
	e.Observe(`https://a.test/q?x="1"\`, verdict.Verdict{Side: verdict.SideOK, Hop: verdict.HopNone}, time.Unix(0, 0))
	text := string(e.appendText(nil))
	want := `gatewatch_site_up{site="https://a.test/q?x=\"1\"\\"} 1`
	if !strings.Contains(text, want) {
		t.Errorf("no %s in\n%s", want, text)
	}
	p := expfmt.NewTextParser(model.UTF8Validation)
	if _, err := p.TextToMetricFamilies(strings.NewReader(text)); err != nil {
		t.Errorf("does not parse: %v", err)
	}
}

func TestServeRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:9464", ":9464", "192.0.2.1:9464", "127.0.0.1"} {
		if _, _, err := Serve(context.Background(), addr, New()); err == nil {
			t.Errorf("Serve(%q) accepted", addr)
		}
	}
}
