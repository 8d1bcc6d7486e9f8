package tray

import (
	"fmt"
	"log"
	"os"
	"os/exec"
	"runtime"

	"github.com/gatewatch/gatewatch/monitor/logfile"
)

// openerArgv opens path in the program the desktop uses for it: argv,
// never a shell, and the path is one word whatever it contains.
func openerArgv(goos, path string) []string {
	switch goos {
	case "darwin":
		return []string{"/usr/bin/open", path}
	case "windows":
		// What ShellExecute's "open" does, without a shell: the .log
		// opens in the associated editor (Notepad by default).
		return []string{"rundll32.exe", "url.dll,FileProtocolHandler", path}
	}
	return []string{"xdg-open", path}
}

// openLog shows the log file (logfile.Path) in the desktop's viewer.
func openLog() {
	if err := openLogFile(runtime.GOOS); err != nil {
		log.Printf("gatewatch: opening the log: %v", err)
	}
}

func openLogFile(goos string) error {
	p, err := logfile.Path()
	if err != nil {
		return err
	}
	if _, err := os.Stat(p); err != nil {
		return fmt.Errorf("no log yet: %w", err)
	}
	argv := openerArgv(goos, p)
	cmd := exec.Command(argv[0], argv[1:]...)
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting %s: %w", argv[0], err)
	}
	go func() {
		if err := cmd.Wait(); err != nil {
			log.Printf("gatewatch: %v: %v", argv, err)
		}
	}()
	return nil
}
