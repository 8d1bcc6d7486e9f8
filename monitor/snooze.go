package monitor

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/gatewatch/gatewatch/internal/atomicfile"
)

// Snoozes silence notifications until a time: for every site (All) or one
// (by URL). They are state, not settings: kept in a file of their own so a
// restart keeps them, but never in config.toml.
type Snoozes struct {
	All   time.Time            `json:"all,omitzero"`
	Sites map[string]time.Time `json:"sites,omitempty"`
}

// Snooze lengths offered in the menu and on notifications.
const (
	Snooze1h       = "1h"
	Snooze4h       = "4h"
	Snooze8h       = "8h"
	SnoozeTomorrow = "tomorrow"
)

// SnoozeChoices are the offered lengths, in menu order.
var SnoozeChoices = []string{Snooze1h, Snooze4h, Snooze8h, SnoozeTomorrow}

// TomorrowAt is the hour "until tomorrow" ends: the morning, not
// midnight, which would wake someone who snoozed at 23:00.
const TomorrowAt = 8

// SnoozeEnd is when a snooze of choice taken at now ends. "tomorrow" is
// tomorrow at 08:00 wall-clock time in now's location (time.Date keeps
// that right across DST).
func SnoozeEnd(choice string, now time.Time) (time.Time, error) {
	switch choice {
	case Snooze1h:
		return now.Add(time.Hour), nil
	case Snooze4h:
		return now.Add(4 * time.Hour), nil
	case Snooze8h:
		return now.Add(8 * time.Hour), nil
	case SnoozeTomorrow:
		y, m, d := now.Date()
		return time.Date(y, m, d+1, TomorrowAt, 0, 0, 0, now.Location()), nil
	}
	return time.Time{}, fmt.Errorf("unknown snooze %q: use 1h, 4h, 8h or tomorrow", choice)
}

// Until reports until when url is snoozed (the later of its own and the
// all-sites snooze); url "" asks about the all-sites snooze only.
func (s Snoozes) Until(url string, now time.Time) (time.Time, bool) {
	end := s.All
	if t := s.Sites[url]; url != "" && t.After(end) {
		end = t
	}
	return end, end.After(now)
}

// Pruned drops snoozes that have ended.
func (s Snoozes) Pruned(now time.Time) Snoozes {
	out := Snoozes{}
	if s.All.After(now) {
		out.All = s.All
	}
	for u, t := range s.Sites {
		if t.After(now) {
			if out.Sites == nil {
				out.Sites = map[string]time.Time{}
			}
			out.Sites[u] = t
		}
	}
	return out
}

// LoadSnoozes reads the snooze file; a missing file is no snoozes.
func LoadSnoozes(path string) (Snoozes, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return Snoozes{}, nil
	}
	if err != nil {
		return Snoozes{}, fmt.Errorf("reading snoozes: %w", err)
	}
	var s Snoozes
	if err := json.Unmarshal(data, &s); err != nil {
		return Snoozes{}, fmt.Errorf("reading snoozes %s: %w", path, err)
	}
	return s, nil
}

// SaveSnoozes writes the snoozes still running at now, atomically.
func SaveSnoozes(path string, s Snoozes, now time.Time) error {
	data, err := json.MarshalIndent(s.Pruned(now), "", "  ")
	if err != nil {
		return fmt.Errorf("encoding snoozes: %w", err)
	}
	if err := atomicfile.WriteFile(path, append(data, '\n'), 0o600); err != nil {
		return fmt.Errorf("saving snoozes: %w", err)
	}
	return nil
}
