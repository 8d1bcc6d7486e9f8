package history

import (
	"context"
	"slices"
	"testing"
	"time"
)

func TestCellState(t *testing.T) {
	tests := []struct {
		c    Cell
		want CellState
	}{
		{Cell{}, CellNotChecked},
		{Cell{Checks: 3, OK: 3}, CellOK},
		{Cell{Checks: 3, OK: 2, Server: 1}, CellServer},
		{Cell{Checks: 3, OK: 2, User: 1}, CellUser},
		{Cell{Checks: 3, OK: 2, Unknown: 1}, CellUnknown},
		{Cell{Checks: 3, User: 1, Server: 2}, CellServer}, // more of theirs
		{Cell{Checks: 2, User: 1, Server: 1}, CellUser},   // a tie is yours
		{Cell{Checks: 3, Server: 1, Unknown: 2}, CellServer},
	}
	for _, tt := range tests {
		if got := tt.c.State(); got != tt.want {
			t.Errorf("%+v: %s, want %s", tt.c, got, tt.want)
		}
	}
}

func TestStripBuckets(t *testing.T) {
	const a, b = "https://a.test/", "https://b.test/"
	type chk struct {
		min       int // minutes after t0
		site      string
		side, hop string
		rule      string
	}
	tests := []struct {
		name   string
		checks []chk
		n      int // cells over t0 .. t0+60 min
		want   []CellState
		rules  map[int][]string
	}{
		{"nothing checked", nil, 3, []CellState{CellNotChecked, CellNotChecked, CellNotChecked}, nil},
		{"fine, theirs, gap", []chk{{1, a, "ok", "none", "site-ok"}, {25, a, "server", "cdn", "cdn-error"}, {26, a, "ok", "none", "site-ok"}},
			3, []CellState{CellOK, CellServer, CellNotChecked}, map[int][]string{1: {"cdn-error"}}},
		{"yours and unknown", []chk{{0, a, "user", "dns", "dns-down"}, {5, a, "user", "dns", "dns-down"}, {59, a, "unknown", "unknown", "undecided"}},
			2, []CellState{CellUser, CellUnknown}, map[int][]string{0: {"dns-down"}, 1: {"undecided"}}},
		{"other sites do not count", []chk{{1, b, "server", "cdn", "x"}, {2, a, "ok", "none", ""}},
			1, []CellState{CellOK}, nil},
		{"rules distinct and sorted", []chk{{1, a, "server", "cdn", "z"}, {2, a, "server", "cdn", "m"}, {3, a, "server", "cdn", "z"}},
			1, []CellState{CellServer}, map[int][]string{0: {"m", "z"}}},
		{"the window's end is left out", []chk{{60, a, "server", "cdn", "x"}, {-1, a, "server", "cdn", "x"}},
			1, []CellState{CellNotChecked}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := openTest(t, Options{})
			for _, c := range tt.checks {
				r := rec(c.site, t0.Add(time.Duration(c.min)*time.Minute), c.side, c.hop)
				r.Rule = c.rule
				s.Record(r)
			}
			if err := s.Flush(); err != nil {
				t.Fatal(err)
			}
			cells, err := s.Strip(context.Background(), a, t0, t0.Add(time.Hour), tt.n)
			if err != nil {
				t.Fatal(err)
			}
			if len(cells) != tt.n {
				t.Fatalf("%d cells, want %d", len(cells), tt.n)
			}
			for i, c := range cells {
				if c.State() != tt.want[i] {
					t.Errorf("cell %d = %s (%+v), want %s", i, c.State(), c, tt.want[i])
				}
				if !slices.Equal(c.Rules, tt.rules[i]) {
					t.Errorf("cell %d rules %v, want %v", i, c.Rules, tt.rules[i])
				}
				if c.Checks != c.OK+c.User+c.Server+c.Unknown {
					t.Errorf("cell %d counts do not add up: %+v", i, c)
				}
			}
			if !cells[0].Start.Equal(t0) || !cells[tt.n-1].End.Equal(t0.Add(time.Hour)) {
				t.Errorf("cells span %v .. %v", cells[0].Start, cells[tt.n-1].End)
			}
		})
	}
}

// Days older than the raw retention live on as daily aggregates: a 90-day
// strip still shows them.
func TestStripReadsAggregatedDays(t *testing.T) {
	const a = "https://a.test/"
	now := t0.Add(60 * Day)
	s := openTest(t, Options{Now: func() time.Time { return now }})
	day := t0.Truncate(Day).Add(Day) // a whole UTC day, 59 days ago
	s.Record(rec(a, day.Add(time.Hour), "ok", "none"))
	s.Record(rec(a, day.Add(2*time.Hour), "server", "cdn"))
	s.Record(rec(a, day.Add(3*time.Hour), "user", "isp"))
	s.Record(rec(a, day.Add(4*time.Hour), "user", "isp"))
	s.Record(rec(a, now.Add(-time.Hour), "ok", "none")) // raw, recent
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := s.Prune(now); err != nil {
		t.Fatal(err)
	}
	since := now.Truncate(Day).Add(-89 * Day) // 90 UTC days up to the end of today
	cells, err := s.Strip(context.Background(), a, since, since.Add(90*Day), 90)
	if err != nil {
		t.Fatal(err)
	}
	i := int(day.Sub(since) / Day)
	if c := cells[i]; c.Checks != 4 || c.OK != 1 || c.Server != 1 || c.User != 2 || c.State() != CellUser {
		t.Errorf("aggregated day %d = %+v", i, c)
	}
	if c := cells[i-1]; c.State() != CellNotChecked {
		t.Errorf("the day before = %+v", c)
	}
	last := cells[int(now.Add(-time.Hour).Sub(since)/Day)]
	if last.Checks != 1 || last.State() != CellOK {
		t.Errorf("recent day = %+v", last)
	}
}

func TestLatencyPercentilesAndGaps(t *testing.T) {
	const a = "https://a.test/"
	s := openTest(t, Options{})
	ms := time.Millisecond
	// bucket 0 (10 min): first bytes 10..100 ms; bucket 1: nothing; bucket
	// 2: one check; failed checks never count.
	for i := range 10 {
		r := rec(a, t0.Add(time.Duration(i)*time.Minute), "ok", "none")
		r.DNS, r.Connect, r.TLS, r.FirstByte = 0, 0, 0, time.Duration(i+1)*10*ms
		s.Record(r)
	}
	r := rec(a, t0.Add(25*time.Minute), "ok", "none")
	s.Record(r)
	s.Record(rec(a, t0.Add(15*time.Minute), "server", "cdn"))
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	pts, err := s.Latency(context.Background(), a, t0, t0.Add(30*time.Minute), 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 2 {
		t.Fatalf("%d points %+v, want 2 (the middle bucket is a gap)", len(pts), pts)
	}
	p := pts[0]
	if p.Checks != 10 || p.P50 != 50*ms || p.P95 != 100*ms || p.FirstByte != 55*ms {
		t.Errorf("first bucket %+v", p)
	}
	if !p.At.Equal(t0) || !p.End.Equal(t0.Add(10*time.Minute)) {
		t.Errorf("first bucket spans %v .. %v", p.At, p.End)
	}
	q := pts[1]
	want := r.DNS + r.Connect + r.TLS + r.FirstByte
	if !q.At.Equal(t0.Add(20*time.Minute)) || q.Checks != 1 || q.P50 != want || q.P95 != want || q.TLS != r.TLS {
		t.Errorf("last bucket %+v", q)
	}
}

func TestPercentile(t *testing.T) {
	d := func(v ...int) []time.Duration {
		var out []time.Duration
		for _, x := range v {
			out = append(out, time.Duration(x))
		}
		return out
	}
	tests := []struct {
		v    []time.Duration
		p    int
		want time.Duration
	}{
		{nil, 50, 0},
		{d(7), 50, 7},
		{d(7), 95, 7},
		{d(1, 2), 50, 1},
		{d(1, 2, 3, 4), 50, 2},
		{d(1, 2, 3, 4), 95, 4},
		{d(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20), 95, 19},
		{d(1, 2, 3), 0, 1},
		{d(1, 2, 3), 100, 3},
	}
	for _, tt := range tests {
		if got := Percentile(tt.v, tt.p); got != tt.want {
			t.Errorf("Percentile(%v, %d) = %d, want %d", tt.v, tt.p, got, tt.want)
		}
	}
}
