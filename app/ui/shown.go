package ui

import (
	"sync"

	"github.com/gatewatch/gatewatch/monitor/fix"
	"github.com/gatewatch/gatewatch/monitor/verdict"
)

// shownVerdict is the verdict the diagnosis window shows. The UI goroutine
// replaces it (a new diagnosis, a fix's re-check) while planning a fix
// reads it on a background goroutine (FixActions.Async): every access
// takes the lock, and readers get a copy.
type shownVerdict struct {
	mu sync.Mutex
	v  verdict.Verdict
}

func (s *shownVerdict) Get() verdict.Verdict {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.v
}

func (s *shownVerdict) Set(v verdict.Verdict) {
	s.mu.Lock()
	s.v = v
	s.mu.Unlock()
}

// fixPlanners returns FixActions.Plan and PlanUndo for the window: each
// builds its environment from the verdict shown when it runs (off the UI
// goroutine), through env.
func fixPlanners(current *shownVerdict, env func(v verdict.Verdict, undo string) (fix.Env, error),
	mk func(id string, env fix.Env) (fix.Plan, error), mkUndo func(id string, env fix.Env) (fix.Plan, error),
) (plan, planUndo func(id string) (fix.Plan, error)) {
	plan = func(id string) (fix.Plan, error) {
		e, err := env(current.Get(), "")
		if err != nil {
			return fix.Plan{}, err
		}
		return mk(id, e)
	}
	planUndo = func(id string) (fix.Plan, error) {
		e, err := env(current.Get(), id)
		if err != nil {
			return fix.Plan{}, err
		}
		return mkUndo(id, e)
	}
	return plan, planUndo
}
