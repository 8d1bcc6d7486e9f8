package logfile

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
)

// TailLines is how much of the log a diagnostic report carries.
const TailLines = 50

// maxTailBytes bounds what Tail reads: fifty log lines are a few KiB.
const maxTailBytes = 64 << 10

// Tail returns the last n lines of the log at path, reaching into the
// rotated path.1 when the current file is shorter. A missing log is no
// error: nil.
func Tail(path string, n int) ([]string, error) {
	lines, err := lastLines(path, n)
	if err != nil {
		return nil, err
	}
	if len(lines) < n {
		older, err := lastLines(path+".1", n-len(lines))
		if err != nil {
			return lines, nil // the current lines are worth more than the error
		}
		lines = append(older, lines...)
	}
	return lines, nil
}

func lastLines(path string, n int) ([]string, error) {
	f, err := os.Open(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the log: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("reading the log: %w", err)
	}
	off := max(fi.Size()-maxTailBytes, 0)
	b, err := io.ReadAll(io.NewSectionReader(f, off, fi.Size()-off))
	if err != nil {
		return nil, fmt.Errorf("reading the log: %w", err)
	}
	if off > 0 {
		// The first line read is probably cut: drop it.
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			b = b[i+1:]
		}
	}
	text := strings.TrimRight(string(b), "\n")
	if text == "" {
		return nil, nil
	}
	lines := strings.Split(text, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return lines, nil
}

// Recent is the tail of this user's log for a report: nil when there is
// none or it cannot be read (a report without it is still worth having).
func Recent() []string {
	p, err := Path()
	if err != nil {
		return nil
	}
	lines, _ := Tail(p, TailLines)
	return lines
}
