package config

import (
	"bufio"
	"bytes"
	"fmt"
	"net/url"
	"strings"
)

// SiteKey is the normalised form of a site's URL (ParseTarget's): two
// entries with the same key are the same site, however they are spelled
// ("a.test" and "https://a.test/"). "" when raw is not a valid target.
func SiteKey(raw string) string {
	u, err := ParseTarget(raw)
	if err != nil {
		return ""
	}
	return u.String()
}

// Site returns the entry for the site raw names, compared in normalised
// form (the monitor reports normalised URLs, the file keeps the user's
// spelling).
func (c Config) Site(raw string) (Site, bool) {
	if i := c.SiteIndex(raw); i >= 0 {
		return c.Sites[i], true
	}
	return Site{}, false
}

// SiteIndex is the position of raw's entry in Sites, or -1.
func (c Config) SiteIndex(raw string) int {
	key := SiteKey(raw)
	if key == "" {
		return -1
	}
	for i, s := range c.Sites {
		if SiteKey(s.URL) == key {
			return i
		}
	}
	return -1
}

// DuplicateSiteError says two entries name the same site: it would be
// checked, and alerted on, twice.
type DuplicateSiteError struct {
	First, Second       int    // positions in Sites
	FirstURL, SecondURL string // as written
	URL                 string // the normalised form both share
	// FirstLine and SecondLine are where their [[sites]] tables start in
	// the file, when known (0 otherwise).
	FirstLine, SecondLine int
}

func (e *DuplicateSiteError) Error() string {
	where := func(i, line int, raw string) string {
		if line > 0 {
			return fmt.Sprintf("sites[%d] %q (line %d)", i, raw, line)
		}
		return fmt.Sprintf("sites[%d] %q", i, raw)
	}
	return fmt.Sprintf("%s and %s are the same site (%s): keep one of them",
		where(e.First, e.FirstLine, e.FirstURL), where(e.Second, e.SecondLine, e.SecondURL), e.URL)
}

// siteTableLines returns the line of every [[sites]] header in a TOML
// file, in order. The decoder keeps no positions for valid input; the
// headers are how SaveConfig and people write the list (an inline array
// gives no headers, and then no lines are claimed).
func siteTableLines(data []byte) []int {
	var lines []int
	sc := bufio.NewScanner(bytes.NewReader(data))
	for n := 1; sc.Scan(); n++ {
		l := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(l, '#'); i >= 0 {
			l = strings.TrimSpace(l[:i])
		}
		if strings.ReplaceAll(l, " ", "") == "[[sites]]" {
			lines = append(lines, n)
		}
	}
	return lines
}

// withLines adds the file's line numbers to a duplicate-site error.
func withLines(err error, data []byte, sites int) {
	dup, ok := err.(*DuplicateSiteError)
	if !ok {
		return
	}
	if lines := siteTableLines(data); len(lines) == sites {
		dup.FirstLine, dup.SecondLine = lines[dup.First], lines[dup.Second]
	}
}

// duplicateSite returns the first pair of entries naming the same site.
func duplicateSite(sites []Site) error {
	seen := map[string]int{}
	for i, s := range sites {
		key := SiteKey(s.URL)
		if key == "" {
			continue // reported as invalid elsewhere
		}
		if j, ok := seen[key]; ok {
			return &DuplicateSiteError{First: j, Second: i, FirstURL: sites[j].URL, SecondURL: s.URL, URL: key}
		}
		seen[key] = i
	}
	return nil
}

// SiteName is how a site is called wherever gatewatch names it (tray
// menu, notifications, windows, `gatewatch history`, summaries): the name
// the user gave it, else its host (with the port, when it is not the
// default one) and its path, when there is one, so that two pages of one
// host can be told apart. raw is returned as is when it has no host.
func SiteName(name, raw string) string {
	if n := strings.TrimSpace(name); n != "" {
		return n
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	if u.Path == "" || u.Path == "/" {
		return u.Host
	}
	return u.Host + strings.TrimSuffix(u.Path, "/")
}

// DisplayName is SiteName for this entry.
func (s Site) DisplayName() string { return SiteName(s.Name, s.URL) }
