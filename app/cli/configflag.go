package cli

import (
	"fmt"
	"strings"
)

// LeadingConfig takes a leading --config FILE (or --config=FILE) off args,
// so that it works before any command, and with none.
func LeadingConfig(args []string) (string, []string, error) {
	if len(args) == 0 {
		return "", args, nil
	}
	for _, flag := range []string{"--config", "-config"} {
		if args[0] == flag {
			if len(args) < 2 || args[1] == "" {
				return "", nil, fmt.Errorf("%s needs a file name", flag)
			}
			return args[1], args[2:], nil
		}
		if v, ok := strings.CutPrefix(args[0], flag+"="); ok {
			if v == "" {
				return "", nil, fmt.Errorf("%s needs a file name", flag)
			}
			return v, args[1:], nil
		}
	}
	return "", args, nil
}

// ConfigAnywhere takes --config FILE from anywhere in the window's arguments,
// where the tray puts it after the URL.
func ConfigAnywhere(args []string) (config string, rest []string, err error) {
	for len(args) > 0 {
		c, tail, err := LeadingConfig(args)
		if err != nil {
			return "", nil, err
		}
		if c != "" {
			config, args = c, tail
			continue
		}
		rest, args = append(rest, args[0]), args[1:]
	}
	return config, rest, nil
}
