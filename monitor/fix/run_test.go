package fix

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/gatewatch/gatewatch/monitor/verdict"
)

func TestRunnerOutcomes(t *testing.T) {
	okV := verdict.Verdict{URL: "https://chatgpt.com/", Side: verdict.SideOK}
	badV := verdict.Verdict{URL: "https://chatgpt.com/", Side: verdict.SideUser, Hop: verdict.HopDNS,
		Summary: "The router still does not forward DNS.", Fixes: verdict.Fixes(verdict.FixSwitchDNS, verdict.FixRestartRouter)}
	plan := Plan{ID: verdict.FixSwitchDNS, Title: "Switch to another DNS resolver",
		Steps: []Step{{Argv: []string{"resolvectl", "dns", "eth0", "203.0.113.53"}}, {Argv: []string{"resolvectl", "flush-caches"}}}}
	cases := []struct {
		name    string
		fail    string
		recheck verdict.Verdict
		want    string
		ran     int
	}{
		{"fixed", "", okV, "Fixed: chatgpt.com answers again.", 2},
		{"still failing", "", badV, "Still failing: The router still does not forward DNS — next try: Restart your router.", 2},
		{"first step fails", "resolvectl", okV, "(nothing was changed)", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := &Recorder{Fail: tc.fail}
			log := &JSONL{Path: filepath.Join(t.TempDir(), "fixes.jsonl")}
			rechecked := false
			r := Runner{GOOS: "linux", Exec: rec, Log: log, URL: "https://chatgpt.com/?token=x",
				Recheck: func(context.Context, bool) verdict.Verdict { rechecked = true; return tc.recheck }}
			res := r.Run(context.Background(), plan)
			if !strings.Contains(res.Message, tc.want) {
				t.Errorf("message %q, want %q", res.Message, tc.want)
			}
			if res.Ran != tc.ran {
				t.Errorf("ran %d steps, want %d", res.Ran, tc.ran)
			}
			if rechecked != (tc.fail == "") {
				t.Errorf("rechecked=%v", rechecked)
			}
			data, err := os.ReadFile(log.Path)
			if err != nil {
				t.Fatal(err)
			}
			var got Record
			if err := json.Unmarshal(data, &got); err != nil {
				t.Fatalf("log line %q: %v", data, err)
			}
			if got.ID != verdict.FixSwitchDNS || got.URL != "https://chatgpt.com/" || got.Outcome != res.Message || len(got.Steps) != 2 {
				t.Errorf("log record %+v", got)
			}
		})
	}
}

func TestRunnerUndoStore(t *testing.T) {
	dir := t.TempDir()
	store, err := NewStore(dir)
	if err != nil {
		t.Fatal(err)
	}
	conf := filepath.Join(dir, "resolv.conf")
	if err := os.WriteFile(conf, []byte("nameserver 192.0.2.1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	env := fakeEnv("linux", nil, nil, nil)
	env.ReadFile, env.ResolvConf, env.Root = os.ReadFile, conf, true
	p, err := Make(context.Background(), verdict.FixSwitchDNS, env)
	if err != nil {
		t.Fatal(err)
	}
	r := Runner{GOOS: "linux", Exec: &Recorder{Apply: true}, Store: &store}
	if res := r.Run(context.Background(), p); res.Err != nil {
		t.Fatal(res.Err)
	}
	if b, _ := os.ReadFile(conf); !strings.Contains(string(b), "nameserver 203.0.113.53") {
		t.Fatalf("not switched: %q", b)
	}
	// A second switch keeps the first record: undo goes back to the start.
	p2, err := Make(context.Background(), verdict.FixSwitchDNS, env)
	if err != nil {
		t.Fatal(err)
	}
	if res := r.Run(context.Background(), p2); res.Err != nil {
		t.Fatal(res.Err)
	}
	env.Undo, err = store.Get(verdict.FixSwitchDNS)
	if err != nil || env.Undo == nil {
		t.Fatalf("record: %v %v", env.Undo, err)
	}
	u, err := MakeUndo(context.Background(), verdict.FixSwitchDNS, env)
	if err != nil {
		t.Fatal(err)
	}
	if res := r.Run(context.Background(), u); res.Err != nil {
		t.Fatal(res.Err)
	}
	if b, _ := os.ReadFile(conf); string(b) != "nameserver 192.0.2.1\n" {
		t.Errorf("undo left %q", b)
	}
	if rec, _ := store.Get(verdict.FixSwitchDNS); rec != nil {
		t.Error("record kept after undo")
	}
}

func TestDescribe(t *testing.T) {
	p := Plan{Explain: "e", Steps: []Step{
		{Argv: []string{"resolvectl", "dns", "eth0", "203.0.113.53"}, Privileged: true},
		{File: &FileChange{Path: "/etc/resolv.conf", Content: []byte("nameserver 203.0.113.53\n")}},
	}}
	got := p.Describe("linux")
	want := "e\nrun: pkexec resolvectl dns eth0 203.0.113.53\nwrite /etc/resolv.conf:\n    nameserver 203.0.113.53"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if d := DescribeStep("windows", p.Steps[0]); d != "run as administrator (UAC): resolvectl dns eth0 203.0.113.53" {
		t.Errorf("windows: %s", d)
	}
}

func TestRunnerForgetsRecordWhenNothingChanged(t *testing.T) {
	store, err := NewStore(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	p := Plan{ID: verdict.FixSwitchDNS, Title: "t", SaveUndo: &UndoRecord{Backend: BackendResolved, Iface: "eth0"},
		Steps: []Step{{Argv: []string{"resolvectl", "dns", "eth0", "203.0.113.53"}}}}
	r := Runner{GOOS: "linux", Exec: &Recorder{Fail: "resolvectl"}, Store: &store}
	if res := r.Run(context.Background(), p); res.Err == nil {
		t.Fatal("want the failure")
	}
	if rec, err := store.Get(verdict.FixSwitchDNS); rec != nil || err != nil {
		t.Errorf("record kept after a run that changed nothing: %+v %v", rec, err)
	}
}
