package checks

import (
	"fmt"
	"time"
)

// HumanDuration prints a duration the way a person would say it, the one
// wording every front end uses (tray menu and notifications, `gatewatch
// history`, summaries, verdict texts): "40 s", "6 min", "2 h 5 min",
// "3 days". Seconds, minutes and hours are rounded; days are whole days
// gone by (a certificate that expired 3.9 days ago "expired 3 days ago").
// The sign is dropped.
func HumanDuration(d time.Duration) string {
	if d < 0 {
		d = -d
	}
	switch {
	case d >= 48*time.Hour:
		return fmt.Sprintf("%d days", int(d/(24*time.Hour)))
	case d < time.Minute-time.Second/2:
		return fmt.Sprintf("%d s", int(d.Round(time.Second)/time.Second))
	case d < time.Hour-time.Minute/2:
		return fmt.Sprintf("%d min", int(d.Round(time.Minute)/time.Minute))
	}
	d = d.Round(time.Minute)
	h, m := int(d/time.Hour), int(d%time.Hour/time.Minute)
	if m == 0 {
		return fmt.Sprintf("%d h", h)
	}
	return fmt.Sprintf("%d h %d min", h, m)
}
