package config

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/gatewatch/gatewatch/internal/atomicfile"
)

// Duration is a time.Duration written as "60s" in TOML.
type Duration struct{ time.Duration }

// UnmarshalText reads "60s", "5m" and the like.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("duration %q: use a number with a unit, such as 30s or 5m", string(b))
	}
	if v < 0 {
		return fmt.Errorf("duration %q is negative", string(b))
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration back in the same form.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Site is one watched site.
type Site struct {
	URL        string   `toml:"url"`
	Name       string   `toml:"name,omitempty"`
	Interval   Duration `toml:"interval,omitempty"`
	StatusPage string   `toml:"status_page,omitempty"`
	// Mute silences this site's notifications; the tray still shows it,
	// and network problems are still announced.
	Mute bool `toml:"mute,omitempty"`
}

// NetworkConfig names the probes that stand for "the internet".
type NetworkConfig struct {
	Canaries      []string `toml:"canaries"`
	Resolvers     []string `toml:"resolvers"`
	CompareDirect *bool    `toml:"compare_direct,omitempty"` // default true
}

// HistoryConfig is the [history] table: every check is kept in a local
// database (on by default).
type HistoryConfig struct {
	Enabled *bool `toml:"enabled,omitempty"` // default true
	// Retention is how long every single check is kept (default 720h, 30
	// days); daily aggregates and incidents are kept for a year.
	Retention Duration `toml:"retention,omitempty"`
	Path      string   `toml:"path,omitempty"` // default: the OS data directory's gatewatch/history.db
}

// MetricsConfig is the [metrics] table: an optional Prometheus endpoint,
// off by default, on a loopback address only.
type MetricsConfig struct {
	Listen string `toml:"listen,omitempty"` // e.g. "127.0.0.1:9464"; "" = off
}

// Config is gatewatch's config.toml.
type Config struct {
	Interval Duration `toml:"interval"`
	Timeout  Duration `toml:"timeout"`
	// Notifications turns desktop notifications off when false (default on).
	Notifications *bool         `toml:"notifications,omitempty"`
	Network       NetworkConfig `toml:"network"`
	Sites         []Site        `toml:"sites"`
	History       HistoryConfig `toml:"history,omitempty"`
	Metrics       MetricsConfig `toml:"metrics,omitempty"`
	World         WorldConfig   `toml:"world,omitempty"`
	Notify        NotifyConfig  `toml:"notify,omitempty"`
}

// HistoryEnabled reports whether checks are recorded (default yes).
func (c Config) HistoryEnabled() bool { return c.History.Enabled == nil || *c.History.Enabled }

// Limits on what a config may ask for: a site is never checked more often
// than MinInterval, whatever the file says.
const (
	MinInterval     = 15 * time.Second
	DefaultInterval = 60 * time.Second
	DefaultTimeout  = 5 * time.Second
)

// DefaultConfig is the first-start watch list. Its canaries and resolvers
// are public internet hosts: for real use only, never in tests (tests pass
// lab addresses explicitly; see testguard_test.go).
func DefaultConfig() Config {
	return Config{
		Interval: Duration{DefaultInterval},
		Timeout:  Duration{DefaultTimeout},
		Network: NetworkConfig{
			Canaries:  []string{"http://connectivitycheck.gstatic.com/generate_204", "http://cp.cloudflare.com/generate_204"},
			Resolvers: []string{"1.1.1.1", "9.9.9.9"},
		},
		Sites: []Site{
			{URL: "https://chatgpt.com", Name: "ChatGPT", StatusPage: "https://status.openai.com"},
			{URL: "https://github.com", Name: "GitHub", StatusPage: "https://www.githubstatus.com"},
			{URL: "https://www.wikipedia.org", Name: "Wikipedia"},
			{URL: "https://claude.ai", Name: "Claude", StatusPage: "https://status.anthropic.com"},
		},
	}
}

// DefaultConfigPath is os.UserConfigDir()/gatewatch/config.toml.
func DefaultConfigPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the config directory: %w", err)
	}
	return filepath.Join(dir, "gatewatch", "config.toml"), nil
}

// ErrNoConfig means the file does not exist (first start).
var ErrNoConfig = errors.New("no config file")

// CorruptConfigError says the config could not be used, where the bad file
// was moved, and that defaults are in use.
type CorruptConfigError struct {
	Path, Backup string
	Err          error
}

func (e *CorruptConfigError) Error() string {
	return fmt.Sprintf("config %s is invalid (%v); it was moved to %s and defaults are in use", e.Path, e.Err, e.Backup)
}

func (e *CorruptConfigError) Unwrap() error { return e.Err }

// ReadConfig parses and validates a config file without side effects.
func ReadConfig(path string) (Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Config{}, fmt.Errorf("%s: %w", path, ErrNoConfig)
	}
	if err != nil {
		return Config{}, fmt.Errorf("reading config %s: %w", path, err)
	}
	return ParseConfig(data)
}

// ParseConfig decodes TOML, fills defaults and validates.
func ParseConfig(data []byte) (Config, error) {
	var c Config
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&c)
	if err != nil {
		return Config{}, fmt.Errorf("parsing TOML: %w", err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		return Config{}, fmt.Errorf("unknown key %q", und[0].String())
	}
	c.fill()
	if err := c.Validate(); err != nil {
		withLines(err, data, len(c.Sites))
		return Config{}, err
	}
	return c, nil
}

func (c *Config) fill() {
	if c.Interval.Duration == 0 {
		c.Interval.Duration = DefaultInterval
	}
	if c.Timeout.Duration == 0 {
		c.Timeout.Duration = DefaultTimeout
	}
}

// Validate reports the first problem in words a person can act on.
func (c Config) Validate() error {
	if c.Interval.Duration < MinInterval {
		return fmt.Errorf("interval %s is below the minimum of %s", c.Interval, MinInterval)
	}
	if c.Timeout.Duration < 100*time.Millisecond || c.Timeout.Duration > time.Minute {
		return fmt.Errorf("timeout %s must be between 100ms and 1m", c.Timeout)
	}
	for _, s := range c.Network.Canaries {
		if _, err := ParseCanary(s); err != nil {
			return fmt.Errorf("network.canaries: %w", err)
		}
	}
	for _, r := range c.Network.Resolvers {
		if _, err := ParseResolver(r); err != nil {
			return fmt.Errorf("network.resolvers: %w", err)
		}
	}
	if r := c.History.Retention.Duration; r != 0 && r < 24*time.Hour {
		return fmt.Errorf("history.retention %s is below a day", c.History.Retention)
	}
	if c.Metrics.Listen != "" {
		if err := ValidateMetricsListen(c.Metrics.Listen); err != nil {
			return fmt.Errorf("metrics.listen: %w", err)
		}
	}
	if err := c.World.Validate(); err != nil {
		return fmt.Errorf("world.%w", err)
	}
	if err := c.Notify.Validate(); err != nil {
		return fmt.Errorf("notify.%w", err)
	}
	for i, s := range c.Sites {
		if _, err := ParseTarget(s.URL); err != nil {
			return fmt.Errorf("sites[%d]: %w", i, err)
		}
		if s.Interval.Duration != 0 && s.Interval.Duration < MinInterval {
			return fmt.Errorf("sites[%d] (%s): interval %s is below the minimum of %s", i, s.URL, s.Interval, MinInterval)
		}
		if s.StatusPage != "" && s.StatusPage != StatusPageGuess && s.StatusPage != StatusPageNone {
			if u, err := url.Parse(s.StatusPage); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				return fmt.Errorf("sites[%d] (%s): status_page %q must be an http:// or https:// URL", i, s.URL, s.StatusPage)
			}
		}
	}
	return duplicateSite(c.Sites)
}

// ValidateMetricsListen accepts host:port on loopback only: the metrics
// name every watched site, which is nobody else's business.
func ValidateMetricsListen(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%q: use host:port, e.g. 127.0.0.1:9464", addr)
	}
	if _, err := strconv.ParseUint(port, 10, 16); err != nil {
		return fmt.Errorf("%q: bad port", addr)
	}
	if host == "localhost" {
		return nil
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !ip.IsLoopback() {
		return fmt.Errorf("%q: only a loopback address (127.0.0.1, ::1, localhost) may serve metrics", addr)
	}
	return nil
}

// LoadConfig reads the config at path. A missing file yields defaults and
// ErrNoConfig-wrapped error; a corrupt one is moved aside (nothing is lost),
// defaults are returned, and the error is a *CorruptConfigError to show
// the user.
func LoadConfig(path string) (Config, error) {
	c, err := ReadConfig(path)
	if err == nil {
		return c, nil
	}
	if errors.Is(err, ErrNoConfig) {
		return DefaultConfig(), err
	}
	var pathErr *fs.PathError
	if errors.As(err, &pathErr) {
		return DefaultConfig(), err // unreadable: leave it where it is
	}
	backup := fmt.Sprintf("%s.corrupt-%s", path, time.Now().Format("20060102-150405"))
	if rerr := os.Rename(path, backup); rerr != nil {
		return DefaultConfig(), fmt.Errorf("config %s is invalid (%v) and could not be moved aside: %w", path, err, rerr)
	}
	return DefaultConfig(), &CorruptConfigError{Path: path, Backup: backup, Err: err}
}

// NewestCorruptBackup returns the most recent copy of path that LoadConfig
// moved aside as invalid, if any, and when that happened.
func NewestCorruptBackup(path string) (string, time.Time, bool) {
	matches, err := filepath.Glob(path + ".corrupt-*")
	if err != nil || len(matches) == 0 {
		return "", time.Time{}, false
	}
	var best string
	var bestAt time.Time
	for _, m := range matches {
		at, err := time.ParseInLocation("20060102-150405", strings.TrimPrefix(m, path+".corrupt-"), time.Local)
		if err != nil {
			continue
		}
		if best == "" || at.After(bestAt) {
			best, bestAt = m, at
		}
	}
	return best, bestAt, best != ""
}

// SaveConfig writes the config atomically: a temporary file in the same
// directory, synced, then renamed over the old one, so a crash never
// leaves half a file.
func SaveConfig(path string, c Config) error {
	if err := c.Validate(); err != nil {
		return fmt.Errorf("not saving invalid config: %w", err)
	}
	var buf bytes.Buffer
	buf.WriteString("# gatewatch configuration. Durations like \"60s\"; see README.md.\n")
	if err := toml.NewEncoder(&buf).Encode(c); err != nil {
		return fmt.Errorf("encoding config: %w", err)
	}
	return atomicfile.WriteFile(path, buf.Bytes(), 0o600)
}

// CanaryURLs parses the configured canaries (already validated).
func (c Config) CanaryURLs() []*url.URL {
	var out []*url.URL
	for _, s := range c.Network.Canaries {
		if u, err := ParseCanary(s); err == nil {
			out = append(out, u)
		}
	}
	return out
}

// ResolverAddrs returns the configured reference resolvers as ip:port.
func (c Config) ResolverAddrs() []string {
	var out []string
	for _, r := range c.Network.Resolvers {
		if a, err := ParseResolver(r); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// CompareDirectEnabled reports whether the site may be tried without the
// proxy when the proxy fails (default yes).
func (c Config) CompareDirectEnabled() bool {
	return c.Network.CompareDirect == nil || *c.Network.CompareDirect
}

// NotificationsEnabled reports whether the tray may show desktop
// notifications (default yes).
func (c Config) NotificationsEnabled() bool {
	return c.Notifications == nil || *c.Notifications
}

// Special values of a site's status_page.
const (
	// StatusPageGuess asks gatewatch to try status.<domain> (only when set:
	// guessing means a request to a host the user never named).
	StatusPageGuess = "guess"
	// StatusPageNone turns the built-in status page of a site off.
	StatusPageNone = "none"
)
