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

func TestServeRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:9464", ":9464", "192.0.2.1:9464", "127.0.0.1"} {
		if _, _, err := Serve(context.Background(), addr, New()); err == nil {
			t.Errorf("Serve(%q) accepted", addr)
		}
	}
}
