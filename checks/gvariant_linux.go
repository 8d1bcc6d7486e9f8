package checks

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"unicode/utf8"
)

// A decoder for the few serialised GVariant types GNOME's proxy schema
// uses: s, b, i and as, inside the "v" that GVDB stores. Formats from
// GLib's glib/gvariant-serialiser.c (and the GVariant specification):
//
//	v:  the child's bytes, a zero byte, then the child's type string; the
//	    type string is what follows the LAST zero byte
//	s:  the UTF-8 bytes and a terminating zero byte, none inside
//	b:  one byte, 0 or 1
//	i:  four bytes, little-endian (GVDB files here are little-endian)
//	as: the strings back to back (alignment 1), then a table of each
//	    element's end offset; the offsets are 1, 2, 4 or 8 bytes wide as
//	    the whole array's size needs (up to 0xff, 0xffff, ...), and the
//	    last offset says where the table starts
//
// GLib reads a value that breaks these rules as its type's default (a
// "non-normal" form); here it is an error, and the caller asks gsettings.

var errGVariant = errors.New("not a valid GVariant")

// gvValue is one decoded value; Type says which field holds it.
type gvValue struct {
	Type string // "s", "b", "i" or "as"
	S    string
	B    bool
	I    int32
	AS   []string // nil when empty, as parseGSettingsProxy gives
}

// decodeGVariantV reads a serialised "v" whose child is one of the
// supported types.
func decodeGVariantV(data []byte) (gvValue, error) {
	z := bytes.LastIndexByte(data, 0)
	if z < 0 {
		return gvValue{}, fmt.Errorf("%w: variant without a type string", errGVariant)
	}
	return decodeGVariant(string(data[z+1:]), data[:z])
}

// decodeGVariant reads a value of type typ from its serialised bytes.
func decodeGVariant(typ string, b []byte) (gvValue, error) {
	v := gvValue{Type: typ}
	var err error
	switch typ {
	case "s":
		v.S, err = gvSerialString(b)
	case "b":
		if len(b) != 1 || b[0] > 1 {
			return gvValue{}, fmt.Errorf("%w: boolean of %d bytes % x", errGVariant, len(b), b)
		}
		v.B = b[0] == 1
	case "i":
		if len(b) != 4 {
			return gvValue{}, fmt.Errorf("%w: int32 of %d bytes", errGVariant, len(b))
		}
		v.I = int32(binary.LittleEndian.Uint32(b))
	case "as":
		v.AS, err = gvSerialStrings(b)
	default:
		return gvValue{}, fmt.Errorf("%w: type %q not supported", errGVariant, typ)
	}
	if err != nil {
		return gvValue{}, err
	}
	return v, nil
}

func gvSerialString(b []byte) (string, error) {
	if len(b) == 0 || b[len(b)-1] != 0 {
		return "", fmt.Errorf("%w: string not terminated", errGVariant)
	}
	s := b[:len(b)-1]
	if bytes.IndexByte(s, 0) >= 0 || !utf8.Valid(s) {
		return "", fmt.Errorf("%w: string with a zero byte or invalid UTF-8", errGVariant)
	}
	return string(s), nil
}

// gvSerialStrings reads an array of strings (a variable-size element
// type, so it ends in a table of offsets).
func gvSerialStrings(b []byte) ([]string, error) {
	if len(b) == 0 {
		return nil, nil
	}
	w := gvOffsetSize(len(b))
	if w > len(b) {
		return nil, fmt.Errorf("%w: array of %d bytes", errGVariant, len(b))
	}
	tableAt := gvOffset(b[len(b)-w:], w)
	if tableAt > uint64(len(b)) || (uint64(len(b))-tableAt)%uint64(w) != 0 {
		return nil, fmt.Errorf("%w: array offset table at %d of %d bytes", errGVariant, tableAt, len(b))
	}
	n := (uint64(len(b)) - tableAt) / uint64(w)
	if n == 0 {
		return nil, fmt.Errorf("%w: non-empty array without elements", errGVariant)
	}
	out := make([]string, 0, n)
	start := uint64(0)
	for i := uint64(0); i < n; i++ {
		end := gvOffset(b[tableAt+i*uint64(w):], w)
		// Ends never decrease and the last is tableAt, so end > tableAt
		// cannot pass the first test; it stays as the plain bound.
		if end < start || end > tableAt {
			return nil, fmt.Errorf("%w: array element %d at %d..%d", errGVariant, i, start, end)
		}
		s, err := gvSerialString(b[start:end])
		if err != nil {
			return nil, fmt.Errorf("array element %d: %w", i, err)
		}
		out = append(out, s)
		start = end
	}
	return out, nil
}

// gvOffsetSize is the width of a container's offsets for its size.
func gvOffsetSize(size int) int {
	switch {
	case uint64(size) > 0xffffffff:
		return 8
	case size > 0xffff:
		return 4
	case size > 0xff:
		return 2
	default:
		return 1
	}
}

func gvOffset(b []byte, w int) uint64 {
	var v uint64
	for i := w - 1; i >= 0; i-- {
		v = v<<8 | uint64(b[i])
	}
	return v
}
