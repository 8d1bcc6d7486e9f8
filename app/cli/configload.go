package cli

import (
	"errors"
	"fmt"

	"github.com/gatewatch/gatewatch/monitor/config"
)

// loadConfigFor reads the config at path (the default path when empty):
// a missing default config means the defaults, a corrupt one is moved
// aside with a notice.
func loadConfigFor(path string) (config.Config, string, error) {
	if path != "" {
		c, err := config.ReadConfig(path)
		if err != nil {
			return c, "", fmt.Errorf("config %s: %w", path, err)
		}
		return c, "", nil
	}
	p, err := config.DefaultConfigPath()
	if err != nil {
		return config.DefaultConfig(), "", nil
	}
	c, err := config.LoadConfig(p)
	var corrupt *config.CorruptConfigError
	switch {
	case errors.As(err, &corrupt):
		return c, corrupt.Error(), nil
	case err != nil && !errors.Is(err, config.ErrNoConfig):
		return c, "", err
	}
	return c, "", nil
}
