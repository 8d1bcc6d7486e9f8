package metrics

import (
	"bytes"
	"os"
	"strconv"
	"sync"
)

// userHZ is the kernel's clock tick for /proc's CPU times: 100 on every
// Linux gatewatch runs on (the official client assumes the same).
const userHZ = 100

// appendProcess adds the process collector's figures from /proc/self.
// A file that cannot be read leaves its series out.
func appendProcess(b []byte) []byte {
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return b
	}
	// The fields after the command name, which is in parentheses and may
	// hold spaces: field 3 (state) is f[0].
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return b
	}
	f := bytes.Fields(stat[i+1:])
	if len(f) < 22 {
		return b
	}
	num := func(k int) float64 {
		v, _ := strconv.ParseFloat(string(f[k]), 64)
		return v
	}
	utime, stime, start, vsize, rss := num(11), num(12), num(19), num(20), num(21)
	b = header(b, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.")
	b = sample(b, "process_cpu_seconds_total", (utime+stime)/userHZ)
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		b = header(b, "process_open_fds", "gauge", "Number of open file descriptors.")
		b = sample(b, "process_open_fds", float64(len(fds)-1)) // less the one reading the directory
	}
	b = header(b, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.")
	b = sample(b, "process_resident_memory_bytes", rss*float64(os.Getpagesize()))
	if boot := bootTime(); boot > 0 {
		b = header(b, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.")
		b = sample(b, "process_start_time_seconds", boot+start/userHZ)
	}
	b = header(b, "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.")
	return sample(b, "process_virtual_memory_bytes", vsize)
}

// bootTime is /proc/stat's btime (unix seconds), 0 when unreadable;
// read once, as it cannot change while the process runs.
var bootTime = sync.OnceValue(readBootTime)

func readBootTime() float64 {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	for line := range bytes.Lines(data) {
		if v, ok := bytes.CutPrefix(line, []byte("btime ")); ok {
			n, _ := strconv.ParseFloat(string(bytes.TrimSpace(v)), 64)
			return n
		}
	}
	return 0
}
