//go:build !linux

package checks

// systemProxyStamp is empty where no cheap sign of a settings change is
// known: the cache falls back to its TTL.
func systemProxyStamp() string { return "" }
