package checks

import (
	"bufio"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// Source names of the OS proxy settings.
const (
	srcGNOME   = "GNOME settings"
	srcMacOS   = "macOS network settings"
	srcWindows = "Windows Internet Settings"
)

// parseGSettingsProxy reads `gsettings list-recursively
// org.gnome.system.proxy`: one "schema key value" line per key, values in
// GVariant text form. Only mode 'manual' names proxies; with 'auto' the
// PAC address is kept for the detail line.
func parseGSettingsProxy(out string) sysProxyConfig {
	kv := map[string]string{}
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		schema, rest, ok := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		if !ok {
			continue
		}
		key, val, ok := strings.Cut(rest, " ")
		if !ok {
			continue
		}
		kv[strings.TrimPrefix(schema, "org.gnome.system.proxy")+" "+key] = strings.TrimSpace(val)
	}
	return gnomeProxyConfig(
		func(schema, key string) string { return gvString(kv[schema+" "+key]) },
		func(schema, key string) []string { return gvStrings(kv[schema+" "+key]) })
}

// gnomeProxyConfig builds the configuration from GNOME's proxy keys,
// however read (gsettings' output, or dconf's files): text gives a
// scalar key as text ('manual' → manual, 8080, true), list a string
// array; schema is "" or ".http", ".https", ".socks".
func gnomeProxyConfig(text func(schema, key string) string, list func(schema, key string) []string) sysProxyConfig {
	cfg := sysProxyConfig{Source: srcGNOME}
	switch text("", "mode") {
	case "manual":
	case "auto":
		cfg.PAC = text("", "autoconfig-url")
		if cfg.PAC == "" {
			cfg.PAC = "wpad"
		}
		return cfg
	default:
		return cfg
	}
	proxy := func(schema, scheme string) *url.URL {
		host := text(schema, "host")
		if host == "" {
			return nil
		}
		u := &url.URL{Scheme: scheme, Host: host}
		if port, err := strconv.Atoi(text(schema, "port")); err == nil && port > 0 && port < 65536 {
			u.Host = net.JoinHostPort(host, strconv.Itoa(port))
		}
		return u
	}
	cfg.HTTP = proxy(".http", "http")
	// The password is kept for the HTTP probe only; Redact strips it
	// wherever the URL is shown.
	if cfg.HTTP != nil && text(".http", "use-authentication") == "true" {
		if user := text(".http", "authentication-user"); user != "" {
			cfg.HTTP.User = url.UserPassword(user, text(".http", "authentication-password"))
		}
	}
	cfg.HTTPS = proxy(".https", "http")
	if cfg.HTTPS == nil && cfg.HTTP != nil {
		// Like GLib: an HTTP proxy with no HTTPS one serves both.
		u := *cfg.HTTP
		cfg.HTTPS = &u
	}
	cfg.SOCKS = proxy(".socks", "socks5")
	cfg.Bypass = list("", "ignore-hosts")
	return cfg
}

// gvString reads a GVariant text value: a quoted string ('a' or "a",
// backslash escapes), or any other scalar as written (8080, true).
func gvString(v string) string {
	v = strings.TrimSpace(v)
	v = strings.TrimPrefix(v, "@s ")
	if len(v) < 2 || (v[0] != '\'' && v[0] != '"') {
		return v
	}
	s, _ := gvQuoted(v)
	return s
}

// gvQuoted reads one quoted string at the start of v and returns it with
// the rest of v.
func gvQuoted(v string) (string, string) {
	if v == "" || (v[0] != '\'' && v[0] != '"') {
		return "", v
	}
	q := v[0]
	var b strings.Builder
	for i := 1; i < len(v); i++ {
		switch c := v[i]; {
		case c == '\\' && i+1 < len(v):
			i++
			b.WriteByte(v[i])
		case c == q:
			return b.String(), v[i+1:]
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), ""
}

// gvStrings reads a GVariant string array: ['a', 'b'] or @as [].
func gvStrings(v string) []string {
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "@as"))
	v = strings.TrimPrefix(v, "[")
	var out []string
	for {
		v = strings.TrimLeft(v, " ,")
		if v == "" || v[0] == ']' {
			return out
		}
		if v[0] != '\'' && v[0] != '"' {
			return out
		}
		var s string
		s, v = gvQuoted(v)
		out = append(out, s)
	}
}

// parseScutilProxy reads `scutil --proxy`, a dictionary dump:
//
//	<dictionary> {
//	  ExceptionsList : <array> {
//	    0 : *.local
//	  }
//	  HTTPSEnable : 1
//	  HTTPSPort : 3128
//	  HTTPSProxy : proxy.example
//	}
func parseScutilProxy(out string) sysProxyConfig {
	kv := map[string]string{}
	var (
		exceptions []string
		inArray    string
	)
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "}" {
			inArray = ""
			continue
		}
		k, v, ok := strings.Cut(line, " : ")
		if !ok {
			continue
		}
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		switch {
		case strings.HasPrefix(v, "<array>"):
			inArray = k
		case inArray == "ExceptionsList":
			exceptions = append(exceptions, v)
		case inArray == "":
			kv[k] = v
		}
	}
	cfg := sysProxyConfig{Source: srcMacOS, Bypass: exceptions, BypassSimple: kv["ExcludeSimpleHostnames"] == "1"}
	proxy := func(prefix, scheme string) *url.URL {
		host := kv[prefix+"Proxy"]
		if kv[prefix+"Enable"] != "1" || host == "" {
			return nil
		}
		u := &url.URL{Scheme: scheme, Host: host}
		if port, err := strconv.Atoi(kv[prefix+"Port"]); err == nil && port > 0 && port < 65536 {
			u.Host = net.JoinHostPort(host, strconv.Itoa(port))
		}
		return u
	}
	cfg.HTTP = proxy("HTTP", "http")
	cfg.HTTPS = proxy("HTTPS", "http")
	cfg.SOCKS = proxy("SOCKS", "socks5")
	switch {
	case kv["ProxyAutoConfigEnable"] == "1":
		cfg.PAC = kv["ProxyAutoConfigURLString"]
	case kv["ProxyAutoDiscoveryEnable"] == "1":
		cfg.PAC = "wpad"
	}
	return cfg
}

// parseWinProxy reads the Internet Settings registry values. ProxyServer
// is either "host:port" for every scheme or "http=h:p;https=h:p;socks=h:p";
// WinINet speaks SOCKS version 4. ProxyOverride is a ";" list.
func parseWinProxy(enabled bool, server, override, autoConfigURL string) sysProxyConfig {
	cfg := sysProxyConfig{Source: srcWindows, PAC: autoConfigURL}
	if !enabled || strings.TrimSpace(server) == "" {
		return cfg
	}
	for _, part := range strings.Split(server, ";") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		proto, addr, typed := strings.Cut(part, "=")
		if !typed {
			addr = proto
		}
		scheme := "http"
		if strings.EqualFold(proto, "socks") && typed {
			scheme = "socks4"
		}
		u := winProxyURL(addr, scheme)
		if u == nil {
			continue
		}
		switch {
		case !typed:
			if cfg.HTTP == nil {
				cfg.HTTP = u
			}
			if cfg.HTTPS == nil {
				c := *u
				cfg.HTTPS = &c
			}
		case strings.EqualFold(proto, "http"):
			cfg.HTTP = u
		case strings.EqualFold(proto, "https"):
			cfg.HTTPS = u
		case strings.EqualFold(proto, "socks"):
			cfg.SOCKS = u
		}
	}
	for _, e := range strings.Split(override, ";") {
		if e = strings.TrimSpace(e); e != "" {
			cfg.Bypass = append(cfg.Bypass, e)
		}
	}
	return cfg
}

// winProxyURL accepts "host:port", "host" or "scheme://host:port".
func winProxyURL(addr, scheme string) *url.URL {
	addr = strings.TrimSpace(addr)
	if addr == "" {
		return nil
	}
	if strings.Contains(addr, "://") {
		u, err := url.Parse(addr)
		if err != nil || u.Host == "" {
			return nil
		}
		return &url.URL{Scheme: u.Scheme, Host: u.Host}
	}
	u, err := url.Parse(scheme + "://" + addr)
	if err != nil || u.Host == "" {
		return nil
	}
	return &url.URL{Scheme: scheme, Host: u.Host}
}
