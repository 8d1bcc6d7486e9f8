package verdict

// Fix is a remedy the user can take. This catalog only describes them;
// running a fix (with confirmation and a re-check) lives elsewhere.
type Fix struct {
	ID         string `json:"id"`
	Title      string `json:"title"`
	Does       string `json:"does"`
	Privileged bool   `json:"privileged,omitempty"`
}

// Fix ids, referenced by the rules.
const (
	FixRetryLater      = "retry-later"
	FixNotifyBack      = "notify-when-back"
	FixStatusPage      = "open-status-page"
	FixCheckConnection = "check-connection"
	FixRenewDHCP       = "renew-connection"
	FixRestartRouter   = "restart-router"
	FixContactISP      = "contact-isp"
	FixFlushDNS        = "flush-dns"
	FixSwitchDNS       = "switch-dns"
	FixDisconnectVPN   = "disconnect-vpn"
	FixBypassProxy     = "bypass-proxy"
	FixOpenPortal      = "open-captive-portal"
	FixSyncClock       = "sync-clock"
	FixCheckFirewall   = "check-firewall"
	FixContactSite     = "contact-site"
	FixCopyReport      = "copy-report"
	FixOpenSite        = "open-site"
	FixAskNetworkAdmin = "ask-network-admin"
	// Path faults (issue 13).
	FixLowerMTU             = "lower-vpn-mtu"
	FixClampMSS             = "clamp-mss"
	FixCheckNetworkFirewall = "check-network-firewall"
	// FixRestartDNSService restarts the computer's own DNS service
	// (systemd-resolved, mDNSResponder, Dnscache) and flushes it.
	FixRestartDNSService = "restart-dns-service"
	// FixAllowInFilter: the DNS filter is someone's choice (a Pi-hole, the
	// router's parental controls): only its owner can allow the site.
	FixAllowInFilter = "allow-in-dns-filter"
)

var fixCatalog = map[string]Fix{
	FixRetryLater:           {FixRetryLater, "Try again in a few minutes", "Nothing to change on your side; the site has to recover.", false},
	FixNotifyBack:           {FixNotifyBack, "Tell me when it's back", "Keeps checking the site gently (with backoff) and notifies you once it answers.", false},
	FixStatusPage:           {FixStatusPage, "Open the site's status page", "Opens the site's published status page in your browser.", false},
	FixCheckConnection:      {FixCheckConnection, "Check Wi-Fi or cable", "Make sure Wi-Fi is on and connected, or the network cable is plugged in.", false},
	FixRenewDHCP:            {FixRenewDHCP, "Reconnect to the network", "Disconnects and reconnects the active network connection to ask DHCP for a fresh address; nothing to undo.", true},
	FixRestartRouter:        {FixRestartRouter, "Restart your router", "Unplug the router for 10 seconds, plug it back in and wait two minutes.", false},
	FixContactISP:           {FixContactISP, "Contact your internet provider", "Copies a diagnostic report you can send to your provider's support.", false},
	FixFlushDNS:             {FixFlushDNS, "Flush the DNS cache", "Clears this computer's cached name lookups.", true},
	FixSwitchDNS:            {FixSwitchDNS, "Switch to another DNS resolver", "Uses a reference DNS resolver instead of the router's; can be undone.", true},
	FixDisconnectVPN:        {FixDisconnectVPN, "Disconnect the VPN", "Takes the VPN connection down so traffic goes straight to your provider.", true},
	FixBypassProxy:          {FixBypassProxy, "Bypass the proxy", "Checks without the proxy; shows where to change the system proxy setting.", false},
	FixOpenPortal:           {FixOpenPortal, "Open the network login page", "Opens the captive portal's sign-in page in your browser.", false},
	FixSyncClock:            {FixSyncClock, "Turn on automatic time", "Turns on network time (NTP) so certificates are judged against the right date.", true},
	FixCheckFirewall:        {FixCheckFirewall, "Check your firewall", "A firewall or security program on this computer blocks the connection.", false},
	FixContactSite:          {FixContactSite, "Tell the site's operators", "Copies a diagnostic report for the site's support.", false},
	FixOpenSite:             {FixOpenSite, "Open the site in the browser", "Opens the site in your browser, where a person can pass its bot check.", false},
	FixLowerMTU:             {FixLowerMTU, "Lower the VPN interface's MTU", "Sets the VPN interface's MTU to the size that worked (shown first, confirmed, undone by restoring the old MTU).", true},
	FixClampMSS:             {FixClampMSS, "Clamp the MSS on the router", "In the router's WAN settings lower the MTU (e.g. 1492 for PPPoE) or turn on TCP MSS clamping, so large packets stop vanishing.", false},
	FixCheckNetworkFirewall: {FixCheckNetworkFirewall, "Check the network's firewall", "Outgoing HTTPS (port 443) is blocked: check the router's firewall or parental controls, or ask the network's administrator.", false},
	FixAskNetworkAdmin:      {FixAskNetworkAdmin, "Ask your network administrator", "A filter on your network decides this: copies a report for your IT or network administrator, who can allow the site or explain the rule.", false},
	FixRestartDNSService:    {FixRestartDNSService, "Restart this computer's DNS service", "Restarts the DNS service of this computer (systemd-resolved, mDNSResponder or the DNS Client) and empties its cache.", true},
	FixAllowInFilter:        {FixAllowInFilter, "Allow the site in your DNS filter", "Your network's DNS filter (Pi-hole, AdGuard Home, NextDNS or the router's parental controls) blocks this site: allow it there, or ask whoever runs it.", false},
	FixCopyReport:           {FixCopyReport, "Copy diagnostic report", "Copies a plain-text report (no cookies, query strings or credentials).", false},
}

// LookupFix returns a catalog entry.
func LookupFix(id string) (Fix, bool) {
	f, ok := fixCatalog[id]
	return f, ok
}

// Fixes returns catalog entries for ids, in order, skipping unknown ids.
func Fixes(ids ...string) []Fix {
	out := make([]Fix, 0, len(ids))
	for _, id := range ids {
		if f, ok := fixCatalog[id]; ok {
			out = append(out, f)
		}
	}
	return out
}
