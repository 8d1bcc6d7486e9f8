package ui

import (
	"errors"
	"io/fs"
	"log"
	"os"

	"github.com/gatewatch/gatewatch/monitor/config"
)

// loadConfig reads the config the way every mode does (config.Load;
// flagPath "" is the default path) and returns it with the path to save
// to and what the settings window must tell the user: a corrupt default
// file moved aside now, or earlier by the tray (then no file exists until
// the user saves, and CorruptNotice finds the backup).
func loadConfig(flagPath string) (cfg config.Config, path, notice string, err error) {
	path = flagPath
	if path == "" {
		if path, err = config.DefaultConfigPath(); err != nil {
			return config.Config{}, "", "", err
		}
	}
	cfg, notice, err = config.Load(flagPath)
	if err != nil {
		return cfg, path, "", err
	}
	if notice != "" {
		log.Printf("gatewatch: %s", notice)
		return cfg, path, notice, nil
	}
	if _, serr := os.Stat(path); flagPath == "" && errors.Is(serr, fs.ErrNotExist) {
		notice = CorruptNotice(path)
	}
	return cfg, path, notice, nil
}
