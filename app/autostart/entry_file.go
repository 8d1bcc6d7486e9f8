//go:build !windows

package autostart

import (
	"errors"
	"fmt"
	"io/fs"
	"os"

	"github.com/gatewatch/gatewatch/internal/atomicfile"
)

// writeEntry replaces the login entry at Location with data, atomically:
// a session starting meanwhile reads the old one or the new one.
func writeEntry(data []byte) error {
	file, err := Location()
	if err != nil {
		return err
	}
	if err := atomicfile.WriteFile(file, data, 0o644); err != nil {
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}

// Disable removes the login entry; it is not an error if there is none.
func Disable() error {
	file, err := Location()
	if err != nil {
		return err
	}
	if err := os.Remove(file); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("autostart: %w", err)
	}
	return nil
}
