package checks

import (
	"encoding/binary"
	"testing"
)

// A tiny GVDB writer for tests: flat keys (no parents), one bucket, so
// that system databases with locks can be made where no `dconf compile`
// is installed. Real files made by dconf-service are tested too
// (dconf_real_linux_test.go); this one makes what dconf-service cannot.

type gvdbEntry struct {
	key   string
	typ   byte   // 'v' or 'H'
	value []byte // a serialised "v", for 'v'
	sub   []gvdbEntry
}

func buildGVDB(t testing.TB, entries []gvdbEntry) []byte {
	t.Helper()
	buf := make([]byte, gvdbHeaderSize)
	copy(buf, "GVariant")
	start, end := gvdbWriteTable(&buf, entries)
	binary.LittleEndian.PutUint32(buf[16:], start)
	binary.LittleEndian.PutUint32(buf[20:], end)
	return buf
}

func gvdbAlloc(buf *[]byte, n int, align int) uint32 {
	for len(*buf)%align != 0 {
		*buf = append(*buf, 0)
	}
	at := len(*buf)
	*buf = append(*buf, make([]byte, n)...)
	return uint32(at)
}

func gvdbWriteTable(buf *[]byte, entries []gvdbEntry) (uint32, uint32) {
	size := 8 + 4 + len(entries)*gvdbItemSize // no bloom words, one bucket
	at := gvdbAlloc(buf, size, 4)
	binary.LittleEndian.PutUint32((*buf)[at:], 0)
	binary.LittleEndian.PutUint32((*buf)[at+4:], 1)
	binary.LittleEndian.PutUint32((*buf)[at+8:], 0)
	for i, e := range entries {
		keyAt := gvdbAlloc(buf, len(e.key), 1)
		copy((*buf)[keyAt:], e.key)
		var vs, ve uint32
		if e.typ == 'H' {
			vs, ve = gvdbWriteTable(buf, e.sub)
		} else {
			vs = gvdbAlloc(buf, len(e.value), 8)
			copy((*buf)[vs:], e.value)
			ve = vs + uint32(len(e.value))
		}
		it := (*buf)[int(at)+12+i*gvdbItemSize:]
		binary.LittleEndian.PutUint32(it[0:], gvdbHash(e.key))
		binary.LittleEndian.PutUint32(it[4:], gvdbNoParent)
		binary.LittleEndian.PutUint32(it[8:], keyAt)
		binary.LittleEndian.PutUint16(it[12:], uint16(len(e.key)))
		it[14] = e.typ
		binary.LittleEndian.PutUint32(it[16:], vs)
		binary.LittleEndian.PutUint32(it[20:], ve)
	}
	return at, at + uint32(size)
}

// Serialised "v" values.
func gvVS(s string) []byte { return append([]byte(s+"\x00\x00"), 's') }
func gvVB(b bool) []byte {
	if b {
		return []byte{1, 0, 'b'}
	}
	return []byte{0, 0, 'b'}
}
func gvVI(i int32) []byte {
	b := binary.LittleEndian.AppendUint32(nil, uint32(i))
	return append(b, 0, 'i')
}
func gvVAS(ss ...string) []byte {
	var body []byte
	var ends []int
	for _, s := range ss {
		body = append(body, s...)
		body = append(body, 0)
		ends = append(ends, len(body))
	}
	w := 1
	for len(ss) > 0 && gvOffsetSize(len(body)+len(ss)*w) != w {
		w *= 2
	}
	for _, e := range ends {
		for k := 0; k < w; k++ {
			body = append(body, byte(e>>(8*k)))
		}
	}
	return append(append(body, 0), 'a', 's')
}
