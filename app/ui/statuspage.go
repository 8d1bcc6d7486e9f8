package ui

import (
	"net/url"

	"github.com/gatewatch/gatewatch/monitor"
)

// statusPageFor finds the configured status page of the site being
// diagnosed, matching the URL as ParseTarget normalises it.
func statusPageFor(cfg monitor.Config, target *url.URL) string {
	for _, s := range cfg.Sites {
		u, err := monitor.ParseTarget(s.URL)
		if err == nil && u.String() == target.String() {
			return s.StatusPage
		}
	}
	return ""
}
