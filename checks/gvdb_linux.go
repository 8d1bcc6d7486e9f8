package checks

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// A reader for GVDB, the hash-table file format of dconf's databases
// (and of GLib's gschemas.compiled). Layout, from GLib's
// gio/gvdb/gvdb-format.h and the lookup in gvdb-reader.c:
//
//	header (24 bytes): signature "GVariant", u32 version (0), u32 options,
//	                   root pointer (u32 start, u32 end)
//	hash table:        u32 n_bloom_words (low 27 bits; top 5 = bloom shift),
//	                   u32 n_buckets, bloom words, bucket starts (u32 each),
//	                   then 24-byte items to the end of the table
//	item:              u32 hash, u32 parent (0xffffffff = none),
//	                   u32 key_start, u16 key_size, u8 type, u8 unused,
//	                   u32 start + u32 end (the value's bytes)
//
// An item's key is only its last segment: the full name is its parents'
// keys followed by its own. Type 'v' is a GVariant of type "v" (8-byte
// aligned), 'H' a nested hash table, 'L' a list of child items.
//
// GLib treats a damaged file as an empty table; here any damage is an
// error, so that the caller falls back to asking gsettings instead of
// reading defaults out of a broken file. Everything is bounds-checked
// against the file's bytes; nothing is trusted.

const (
	gvdbHeaderSize = 24
	gvdbItemSize   = 24
	gvdbNoParent   = 0xffffffff
	// dconf databases hold a few hundred keys (kilobytes); a bigger file
	// is not one to read in the middle of a check.
	gvdbMaxSize = 16 << 20
)

var errGVDB = errors.New("not a valid GVDB file")

// gvdbTable is one hash table of a GVDB file.
type gvdbTable struct {
	data    []byte // the whole file
	buckets []byte // n_buckets little-endian u32 item indexes
	items   []byte // n_items × 24 bytes
}

func (t gvdbTable) nItems() uint32 { return uint32(len(t.items) / gvdbItemSize) }

// parseGVDB checks a file's header and opens its root table. Only
// little-endian files are read: a byte-swapped one (written on a
// big-endian machine) is refused rather than half-understood.
func parseGVDB(data []byte) (gvdbTable, error) {
	if len(data) > gvdbMaxSize {
		return gvdbTable{}, fmt.Errorf("%w: %d bytes, over the %d-byte cap", errGVDB, len(data), gvdbMaxSize)
	}
	if len(data) < gvdbHeaderSize || string(data[:8]) != "GVariant" {
		return gvdbTable{}, fmt.Errorf("%w: no GVariant signature", errGVDB)
	}
	if v := le32(data[8:]); v != 0 {
		return gvdbTable{}, fmt.Errorf("%w: version %d", errGVDB, v)
	}
	return gvdbTableAt(data, le32(data[16:]), le32(data[20:]))
}

// gvdbTableAt opens the hash table in data[start:end] and checks every
// item's key and parent, so that lookups meet no surprises.
func gvdbTableAt(data []byte, start, end uint32) (gvdbTable, error) {
	region, err := gvdbSlice(data, start, end, 4)
	if err != nil {
		return gvdbTable{}, fmt.Errorf("hash table: %w", err)
	}
	if len(region) < 8 {
		return gvdbTable{}, fmt.Errorf("%w: hash table of %d bytes", errGVDB, len(region))
	}
	nBloom := uint64(le32(region) & (1<<27 - 1))
	nBuckets := uint64(le32(region[4:]))
	rest := uint64(len(region) - 8)
	if nBloom*4 > rest || nBuckets*4 > rest-nBloom*4 {
		return gvdbTable{}, fmt.Errorf("%w: %d bloom words and %d buckets overrun the table", errGVDB, nBloom, nBuckets)
	}
	bucketsAt := 8 + nBloom*4
	itemsAt := bucketsAt + nBuckets*4
	t := gvdbTable{data: data, buckets: region[bucketsAt:itemsAt], items: region[itemsAt:]}
	if len(t.items)%gvdbItemSize != 0 {
		return gvdbTable{}, fmt.Errorf("%w: item area of %d bytes", errGVDB, len(t.items))
	}
	for i := uint32(0); i < t.nItems(); i++ {
		it := t.item(i)
		if _, err := t.key(it); err != nil {
			return gvdbTable{}, err
		}
		if p := le32(it[4:]); p != gvdbNoParent && p >= t.nItems() {
			return gvdbTable{}, fmt.Errorf("%w: item %d has parent %d of %d", errGVDB, i, p, t.nItems())
		}
		switch it[14] {
		case 'v', 'H', 'L':
		default:
			return gvdbTable{}, fmt.Errorf("%w: item %d has type %q", errGVDB, i, it[14])
		}
	}
	return t, nil
}

func (t gvdbTable) item(i uint32) []byte {
	return t.items[i*gvdbItemSize : (i+1)*gvdbItemSize]
}

func (t gvdbTable) key(it []byte) ([]byte, error) {
	start := uint64(le32(it[8:]))
	end := start + uint64(binary.LittleEndian.Uint16(it[12:]))
	if end > uint64(len(t.data)) {
		return nil, fmt.Errorf("%w: key at %d..%d past the end (%d)", errGVDB, start, end, len(t.data))
	}
	return t.data[start:end], nil
}

// gvdbHash is GVDB's key hash: djb's times-33, over signed chars.
func gvdbHash(key string) uint32 {
	h := uint32(5381)
	for i := 0; i < len(key); i++ {
		h = h*33 + uint32(int32(int8(key[i])))
	}
	return h
}

// lookup finds the item named key of the given type, as
// gvdb_table_lookup does: hash, bucket, then the items from that
// bucket's start to the next bucket's, comparing the full name. The
// bloom filter is skipped: it only saves time and never hides a key.
func (t gvdbTable) lookup(key string, typ byte) ([]byte, bool) {
	nBuckets := uint32(len(t.buckets) / 4)
	if nBuckets == 0 || t.nItems() == 0 {
		return nil, false
	}
	h := gvdbHash(key)
	b := h % nBuckets
	i := le32(t.buckets[b*4:])
	last := t.nItems()
	if b+1 < nBuckets {
		if next := le32(t.buckets[(b+1)*4:]); next < last {
			last = next
		}
	}
	for ; i < last; i++ {
		it := t.item(i)
		if le32(it) == h && it[14] == typ && t.nameIs(it, key) {
			return it, true
		}
	}
	return nil, false
}

// nameIs says whether an item's full name, its parents' keys and its
// own, is key. Every step consumes at least one byte of key, so a
// cycle of parents cannot loop.
func (t gvdbTable) nameIs(it []byte, key string) bool {
	rest := key
	for {
		seg, err := t.key(it)
		if err != nil || len(seg) > len(rest) || string(seg) != rest[len(rest)-len(seg):] {
			return false
		}
		rest = rest[:len(rest)-len(seg)]
		p := le32(it[4:])
		if rest == "" && p == gvdbNoParent {
			return true
		}
		if p >= t.nItems() || len(seg) == 0 {
			return false
		}
		it = t.item(p)
	}
}

// value returns the serialised GVariant (of type "v") stored under key.
func (t gvdbTable) value(key string) ([]byte, bool, error) {
	it, ok := t.lookup(key, 'v')
	if !ok {
		return nil, false, nil
	}
	b, err := gvdbSlice(t.data, le32(it[16:]), le32(it[20:]), 8)
	if err != nil {
		return nil, false, fmt.Errorf("value of %s: %w", key, err)
	}
	return b, true, nil
}

// table opens the nested hash table stored under key (dconf's ".locks").
func (t gvdbTable) table(key string) (gvdbTable, bool, error) {
	it, ok := t.lookup(key, 'H')
	if !ok {
		return gvdbTable{}, false, nil
	}
	sub, err := gvdbTableAt(t.data, le32(it[16:]), le32(it[20:]))
	if err != nil {
		return gvdbTable{}, false, fmt.Errorf("table %s: %w", key, err)
	}
	return sub, true, nil
}

// gvdbSlice is data[start:end], checked and aligned like
// gvdb_table_dereference.
func gvdbSlice(data []byte, start, end uint32, align uint32) ([]byte, error) {
	if start > end || uint64(end) > uint64(len(data)) || start&(align-1) != 0 {
		return nil, fmt.Errorf("%w: pointer %d..%d (file of %d bytes, alignment %d)", errGVDB, start, end, len(data), align)
	}
	return data[start:end], nil
}

func le32(b []byte) uint32 { return binary.LittleEndian.Uint32(b) }
