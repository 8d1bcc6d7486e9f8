package resident

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime/metrics"
	"runtime/pprof"
	"strings"

	"github.com/gatewatch/gatewatch/monitor/history"
)

// MemoryEnv names a directory. When it is set, the resident answers
// SIGUSR1 (Unix) by logging where its memory is (Memory) and writing heap
// and goroutine profiles into the directory: make bench-idle reads them to
// split the RSS it measures into Go heap, stacks, runtime metadata and
// SQLite. Unset, nothing listens and SIGUSR1 keeps its default meaning.
// The heap profile samples one allocation per 512 KiB, which sees little
// of the few MB a resident holds; GODEBUG=memprofilerate=4096 samples
// finely, at a CPU cost that shows in the bench (stack walks on every
// sampled allocation), so it is not the default.
const MemoryEnv = "GATEWATCH_MEMSTATS"

// Memory is the process's memory as the Go runtime and SQLite see it, in
// bytes. RSS is roughly GoMapped (the part of it touched) + SQLite + the
// file-backed pages of the binary and its shared libraries.
type Memory struct {
	HeapObjects  uint64 // live and not yet swept objects
	HeapFree     uint64 // heap pages held, free, not returned to the OS
	HeapReleased uint64 // returned to the OS: not in RSS
	HeapUnused   uint64 // fragmentation inside spans in use
	Stacks       uint64 // goroutine stacks and the OS threads' own
	Metadata     uint64 // spans, mcaches, GC bitmaps and other runtime metadata
	Other        uint64 // profiling buckets and the rest
	GoMapped     uint64 // everything the runtime mapped, less what it released
	HeapGoal     uint64
	GCCycles     uint64
	Goroutines   uint64
	SQLite       history.Memory // the history's connection (outside the Go heap)
	// CPU time as the runtime estimates it (seconds since start): Go code,
	// and the parts spent collecting and returning memory, so that a GC
	// setting's cost shows apart from the checks' noise.
	CPUUser, CPUGC, CPUScavenge float64
}

var memorySamples = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/free:bytes",
	"/memory/classes/heap/released:bytes",
	"/memory/classes/heap/unused:bytes",
	"/memory/classes/heap/stacks:bytes",
	"/memory/classes/os-stacks:bytes",
	"/memory/classes/metadata/mcache/free:bytes",
	"/memory/classes/metadata/mcache/inuse:bytes",
	"/memory/classes/metadata/mspan/free:bytes",
	"/memory/classes/metadata/mspan/inuse:bytes",
	"/memory/classes/metadata/other:bytes",
	"/memory/classes/profiling/buckets:bytes",
	"/memory/classes/other:bytes",
	"/memory/classes/total:bytes",
	"/gc/heap/goal:bytes",
	"/gc/cycles/total:gc-cycles",
	"/sched/goroutines:goroutines",
	"/cpu/classes/user:cpu-seconds",
	"/cpu/classes/gc/total:cpu-seconds",
	"/cpu/classes/scavenge/total:cpu-seconds",
}

// ReadMemory samples runtime/metrics and, when store is not nil, the
// history's SQLite connection.
func ReadMemory(ctx context.Context, store *history.Store) Memory {
	s := make([]metrics.Sample, len(memorySamples))
	for i, name := range memorySamples {
		s[i].Name = name
	}
	metrics.Read(s)
	v := map[string]uint64{}
	f := map[string]float64{}
	for _, x := range s {
		switch x.Value.Kind() {
		case metrics.KindUint64:
			v[x.Name] = x.Value.Uint64()
		case metrics.KindFloat64:
			f[x.Name] = x.Value.Float64()
		}
	}
	m := Memory{
		HeapObjects:  v["/memory/classes/heap/objects:bytes"],
		HeapFree:     v["/memory/classes/heap/free:bytes"],
		HeapReleased: v["/memory/classes/heap/released:bytes"],
		HeapUnused:   v["/memory/classes/heap/unused:bytes"],
		Stacks:       v["/memory/classes/heap/stacks:bytes"] + v["/memory/classes/os-stacks:bytes"],
		Other:        v["/memory/classes/profiling/buckets:bytes"] + v["/memory/classes/other:bytes"],
		HeapGoal:     v["/gc/heap/goal:bytes"],
		GCCycles:     v["/gc/cycles/total:gc-cycles"],
		Goroutines:   v["/sched/goroutines:goroutines"],
		CPUUser:      f["/cpu/classes/user:cpu-seconds"],
		CPUGC:        f["/cpu/classes/gc/total:cpu-seconds"],
		CPUScavenge:  f["/cpu/classes/scavenge/total:cpu-seconds"],
	}
	for _, k := range []string{"mcache/free", "mcache/inuse", "mspan/free", "mspan/inuse", "other"} {
		m.Metadata += v["/memory/classes/metadata/"+k+":bytes"]
	}
	m.GoMapped = v["/memory/classes/total:bytes"] - m.HeapReleased
	if store != nil {
		if sm, err := store.Memory(ctx); err == nil {
			m.SQLite = sm
		}
	}
	return m
}

// String is one log line, in MiB (as bench-idle prints RSS).
func (m Memory) String() string {
	mb := func(b uint64) string { return fmt.Sprintf("%.2f", float64(b)/(1<<20)) }
	f := []string{
		"go-mapped=" + mb(m.GoMapped),
		"heap-objects=" + mb(m.HeapObjects),
		"heap-unused=" + mb(m.HeapUnused),
		"heap-free=" + mb(m.HeapFree),
		"heap-released=" + mb(m.HeapReleased),
		"stacks=" + mb(m.Stacks),
		"metadata=" + mb(m.Metadata),
		"other=" + mb(m.Other),
		"heap-goal=" + mb(m.HeapGoal),
		"sqlite=" + mb(uint64(m.SQLite.Total())),
		"sqlite-cache=" + mb(uint64(m.SQLite.Cache)),
		fmt.Sprintf("gc-cycles=%d", m.GCCycles),
		fmt.Sprintf("goroutines=%d", m.Goroutines),
		fmt.Sprintf("user-cpu-s=%.3f gc-cpu-s=%.3f scavenge-cpu-s=%.3f", m.CPUUser, m.CPUGC, m.CPUScavenge),
	}
	return "memory (MiB): " + strings.Join(f, " ")
}

// debugMemory starts answering SIGUSR1 when MemoryEnv names a directory.
func debugMemory(ctx context.Context, store *history.Store) {
	dir := os.Getenv(MemoryEnv)
	if dir == "" {
		return
	}
	n := 0
	onSignal(ctx, func() {
		log.Printf("gatewatch: %v", ReadMemory(ctx, store))
		n++
		for _, p := range []struct{ name, file string }{{"heap", "heap-%d-%d.pprof"}, {"goroutine", "goroutine-%d-%d.pprof"}} {
			if err := writeProfile(p.name, filepath.Join(dir, fmt.Sprintf(p.file, os.Getpid(), n))); err != nil {
				log.Printf("gatewatch: %v", err)
			}
		}
	})
}

func writeProfile(name, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("%s profile: %w", name, err)
	}
	if err := pprof.Lookup(name).WriteTo(f, 0); err != nil {
		f.Close()
		return fmt.Errorf("%s profile %s: %w", name, path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("%s profile %s: %w", name, path, err)
	}
	return nil
}
