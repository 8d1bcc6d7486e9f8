package ui

import (
	"net/url"

	"github.com/gatewatch/gatewatch/monitor/config"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// statusPageFor finds the status page of the site being diagnosed: its
// status_page setting (a URL; "guess" means status.<domain>, "none" means
// none), else the built-in page of a popular site.
func statusPageFor(cfg config.Config, target *url.URL) string {
	return verdict.NewStatusPages(cfg).PageFor(target)
}
