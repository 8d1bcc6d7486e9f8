package checks

import (
	"crypto/tls"
	"sync"
)

// sessionCache keeps TLS session tickets between routine checks of the
// same host: when the pool has closed the connection (it keeps only a
// few), the next check resumes the session instead of a full handshake
// (no certificate chain sent or verified again, one round trip less).
// Reset drops every ticket, so that after a network change the first
// handshake is a full one and a changed certificate is seen.
type sessionCache struct {
	size int

	mu  sync.Mutex
	lru tls.ClientSessionCache
}

func newSessionCache(size int) *sessionCache {
	return &sessionCache{size: size, lru: tls.NewLRUClientSessionCache(size)}
}

func (c *sessionCache) Get(key string) (*tls.ClientSessionState, bool) {
	c.mu.Lock()
	lru := c.lru
	c.mu.Unlock()
	return lru.Get(key)
}

func (c *sessionCache) Put(key string, s *tls.ClientSessionState) {
	c.mu.Lock()
	lru := c.lru
	c.mu.Unlock()
	lru.Put(key, s)
}

func (c *sessionCache) Reset() {
	c.mu.Lock()
	c.lru = tls.NewLRUClientSessionCache(c.size)
	c.mu.Unlock()
}
