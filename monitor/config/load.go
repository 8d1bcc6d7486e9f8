package config

import (
	"errors"
	"fmt"
)

// Load is how every mode (tray, windows, `gatewatch check`, `monitor`,
// `history`, `fix`) reads its config, so that they agree on what a file
// means:
//
//   - an explicit path (--config) is read as is: missing, unreadable or
//     invalid is an error, and the file is never moved;
//   - path "" means the default path: missing is the defaults (first
//     start; the tray writes them), invalid is moved aside with the
//     defaults in use and notice saying so, unreadable is an error. When
//     there is no config directory at all, the defaults are used.
func Load(path string) (cfg Config, notice string, err error) {
	if path != "" {
		c, err := ReadConfig(path)
		if err != nil {
			return Config{}, "", fmt.Errorf("config %s: %w", path, err)
		}
		return c, "", nil
	}
	p, err := DefaultConfigPath()
	if err != nil {
		return DefaultConfig(), "", nil
	}
	c, err := LoadConfig(p)
	var corrupt *CorruptConfigError
	switch {
	case err == nil, errors.Is(err, ErrNoConfig):
		return c, "", nil
	case errors.As(err, &corrupt):
		return c, corrupt.Error(), nil
	}
	return c, "", err
}
