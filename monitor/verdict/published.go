package verdict

// PublishedStatus is what a site's status page said when the site failed.
type PublishedStatus struct {
	Page        string   `json:"page"`                  // the status page's address
	Name        string   `json:"name,omitempty"`        // the vendor, as its page names itself
	Indicator   string   `json:"indicator,omitempty"`   // none, minor, major, critical, maintenance
	Description string   `json:"description,omitempty"` // "All Systems Operational"
	Incidents   []string `json:"incidents,omitempty"`   // unresolved incidents, by name
	Components  []string `json:"components,omitempty"`  // components not operational: "API (major outage)"
	Error       string   `json:"error,omitempty"`       // why the page could not be read
	// Note is the sentence folded into the verdict: a confirmation ("OpenAI
	// reports a major outage: …") or a hint ("OpenAI reports no problem: …").
	Note string `json:"note,omitempty"`
}
