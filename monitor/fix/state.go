package fix

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/gatewatch/gatewatch/internal/atomicfile"
)

// UndoRecord is what a fix changed, saved before it runs so that undo
// works even after a crash halfway. Values are re-validated when read.
type UndoRecord struct {
	Backend     string    `json:"backend"`
	Path        string    `json:"path,omitempty"`    // resolv.conf backend: the file
	Content     string    `json:"content,omitempty"` // ... and its earlier content
	UUID        string    `json:"uuid,omitempty"`    // NetworkManager connection
	DNS4        []string  `json:"dns4,omitempty"`
	DNS6        []string  `json:"dns6,omitempty"`
	IgnoreAuto4 string    `json:"ignore_auto4,omitempty"`
	IgnoreAuto6 string    `json:"ignore_auto6,omitempty"`
	Iface       string    `json:"iface,omitempty"`   // resolved link, Windows adapter
	Service     string    `json:"service,omitempty"` // macOS network service
	Servers     []string  `json:"servers,omitempty"` // earlier static servers (macOS, Windows)
	DHCP        bool      `json:"dhcp,omitempty"`    // Windows: servers came from DHCP
	MTU         int       `json:"mtu,omitempty"`     // lower-vpn-mtu: the interface's earlier MTU
	Saved       time.Time `json:"saved"`
}

// StateDir is where gatewatch keeps state: $XDG_STATE_HOME/gatewatch or
// ~/.local/state/gatewatch on Linux, the user config dir elsewhere.
func StateDir() (string, error) {
	if runtime.GOOS == "linux" {
		if d := os.Getenv("XDG_STATE_HOME"); filepath.IsAbs(d) {
			return filepath.Join(d, "gatewatch"), nil
		}
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("finding the state directory: %w", err)
		}
		return filepath.Join(home, ".local", "state", "gatewatch"), nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("finding the state directory: %w", err)
	}
	return filepath.Join(d, "gatewatch"), nil
}

// Store keeps undo records, one JSON file, written atomically.
type Store struct{ Path string }

// NewStore is the store in dir (StateDir() when empty).
func NewStore(dir string) (Store, error) {
	if dir == "" {
		d, err := StateDir()
		if err != nil {
			return Store{}, err
		}
		dir = d
	}
	return Store{Path: filepath.Join(dir, "undo.json")}, nil
}

func (s Store) load() (map[string]UndoRecord, error) {
	m := map[string]UndoRecord{}
	data, err := os.ReadFile(s.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return m, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", s.Path, err)
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("reading %s: %w", s.Path, err)
	}
	return m, nil
}

// Get returns the record of fix id, or nil.
func (s Store) Get(id string) (*UndoRecord, error) {
	m, err := s.load()
	if err != nil {
		return nil, err
	}
	if r, ok := m[id]; ok {
		return &r, nil
	}
	return nil, nil
}

// Put saves the record of fix id and reports whether it did. An earlier
// record is kept: undo must go back to the state before gatewatch first
// changed anything, not to the state after its previous switch.
func (s Store) Put(id string, r UndoRecord) (bool, error) {
	m, err := s.load()
	if err != nil {
		return false, err
	}
	if _, ok := m[id]; ok {
		return false, nil
	}
	if r.Saved.IsZero() {
		r.Saved = time.Now().UTC()
	}
	m[id] = r
	return true, s.save(m)
}

// Delete drops the record of fix id.
func (s Store) Delete(id string) error {
	m, err := s.load()
	if err != nil {
		return err
	}
	if _, ok := m[id]; !ok {
		return nil
	}
	delete(m, id)
	return s.save(m)
}

func (s Store) save(m map[string]UndoRecord) error {
	data, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding undo records: %w", err)
	}
	// 0600: the record may hold the old resolv.conf's search domains.
	return atomicfile.WriteFile(s.Path, append(data, '\n'), 0o600)
}
