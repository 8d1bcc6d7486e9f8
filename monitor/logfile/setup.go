package logfile

import (
	"io"
	"log"
	"os"
)

// Setup sends the standard logger to this user's log file, and to stderr
// as well when there is one: a terminal (someone started gatewatch by hand
// and watches), journald's pipe, a file it was redirected to. A Windows
// GUI program has none. It returns the writer to close at exit; when the file cannot
// be opened the logger keeps stderr and the error says why.
func Setup() (*Writer, error) {
	p, err := Path()
	if err != nil {
		return nil, err
	}
	w, err := Open(p, DefaultMax, DefaultKeep)
	if err != nil {
		return nil, err
	}
	var out io.Writer = w
	if hasStderr(os.Stderr) {
		out = io.MultiWriter(w, os.Stderr)
	}
	log.SetOutput(out)
	return w, nil
}

// hasStderr: f is open (a /dev/null costs nothing). A Windows GUI
// program's os.Stderr is nil or an invalid handle, and Stat fails.
func hasStderr(f *os.File) bool {
	_, err := f.Stat()
	return err == nil
}
