package checks

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// GNOME's proxy settings straight from dconf's files, without starting
// gsettings (a process start: 5–20 ms before the first request of a
// check). Anything this reader does not model exactly makes it return
// an error, and the caller runs gsettings: it never guesses.

// gnomeProxySchema is org.gnome.system.proxy and its children, as
// gsettings-desktop-schemas' org.gnome.system.proxy.gschema.xml defines
// them: each key's dconf path (/system/proxy/...), type and default. The
// defaults used are read from the compiled schemas (gschemaDefaults,
// vendor overrides included); these are the upstream ones, which a test
// compares with the installed schema.
var gnomeProxySchema = map[string]gvValue{
	"/system/proxy/mode":                         {Type: "s", S: "none"},
	"/system/proxy/autoconfig-url":               {Type: "s"},
	"/system/proxy/ignore-hosts":                 {Type: "as", AS: []string{"localhost", "127.0.0.0/8", "::1"}},
	"/system/proxy/use-same-proxy":               {Type: "b", B: true},
	"/system/proxy/http/enabled":                 {Type: "b"},
	"/system/proxy/http/host":                    {Type: "s"},
	"/system/proxy/http/port":                    {Type: "i", I: 8080},
	"/system/proxy/http/use-authentication":      {Type: "b"},
	"/system/proxy/http/authentication-user":     {Type: "s"},
	"/system/proxy/http/authentication-password": {Type: "s"},
	"/system/proxy/https/host":                   {Type: "s"},
	"/system/proxy/https/port":                   {Type: "i"},
	"/system/proxy/ftp/host":                     {Type: "s"},
	"/system/proxy/ftp/port":                     {Type: "i"},
	"/system/proxy/socks/host":                   {Type: "s"},
	"/system/proxy/socks/port":                   {Type: "i"},
}

// dconfProxyConfig reads the proxy keys from dconf's databases and
// returns what parseGSettingsProxy would make of gsettings' output.
func dconfProxyConfig() (sysProxyConfig, error) {
	if b := os.Getenv("GSETTINGS_BACKEND"); b != "" && b != "dconf" {
		return sysProxyConfig{}, fmt.Errorf("%w: GSETTINGS_BACKEND=%s", errDconfUnsupported, b)
	}
	if os.Getenv("GSETTINGS_SCHEMA_DIR") != "" {
		return sysProxyConfig{}, fmt.Errorf("%w: GSETTINGS_SCHEMA_DIR is set", errDconfUnsupported)
	}
	defaults, err := gschemaDefaults(gnomeProxySchema)
	if err != nil {
		return sysProxyConfig{}, err
	}
	srcs, err := dconfProfile()
	if err != nil {
		return sysProxyConfig{}, err
	}
	if err := openDconfSources(srcs); err != nil {
		return sysProxyConfig{}, err
	}
	vals, err := readProxyKeys(srcs, defaults)
	if err != nil {
		return sysProxyConfig{}, err
	}
	path := func(schema, key string) string {
		return "/system/proxy" + strings.ReplaceAll(schema, ".", "/") + "/" + key
	}
	return gnomeProxyConfig(
		func(schema, key string) string { return vals[path(schema, key)].text() },
		func(schema, key string) []string { return vals[path(schema, key)].AS }), nil
}

// readProxyKeys reads every key of the schema, or its default. A value
// GSettings would not take as it stands (another type, a mode outside
// the enum, a port outside 0..65535) is an error rather than a guess at
// what GSettings makes of it.
func readProxyKeys(srcs []dconfSource, defaults map[string]gvValue) (map[string]gvValue, error) {
	vals := make(map[string]gvValue, len(gnomeProxySchema))
	for key, def := range gnomeProxySchema {
		v, found, err := dconfRead(srcs, key)
		if err != nil {
			return nil, err
		}
		if !found {
			vals[key] = defaults[key]
			continue
		}
		if v.Type != def.Type {
			return nil, fmt.Errorf("%w: %s has type %s, the schema says %s", errDconfUnsupported, key, v.Type, def.Type)
		}
		switch {
		case key == "/system/proxy/mode" && v.S != "none" && v.S != "manual" && v.S != "auto":
			return nil, fmt.Errorf("%w: mode %q", errDconfUnsupported, v.S)
		case v.Type == "i" && (v.I < 0 || v.I > 65535):
			return nil, fmt.Errorf("%w: %s = %d, out of range", errDconfUnsupported, key, v.I)
		}
		vals[key] = v
	}
	return vals, nil
}

// text is a scalar as parseGSettingsProxy's gvString gives it.
func (v gvValue) text() string {
	switch v.Type {
	case "s":
		return v.S
	case "b":
		return strconv.FormatBool(v.B)
	case "i":
		return strconv.Itoa(int(v.I))
	}
	return ""
}

// proxySchemaOverridden: a vendor .gschema.override (compiled into the
// schema defaults) names the proxy schema, or one cannot be read.
func proxySchemaOverridden() bool {
	for _, dir := range schemaDirs() {
		overrides, _ := filepath.Glob(filepath.Join(dir, "*.gschema.override"))
		for _, f := range overrides {
			b, err := os.ReadFile(f)
			if err != nil || strings.Contains(string(b), "system.proxy") {
				return true
			}
		}
	}
	return false
}
