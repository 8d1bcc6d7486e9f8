package checks

import (
	"bytes"
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestGVDBRealFile(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "dconf", "user-manual"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := parseGVDB(b)
	if err != nil {
		t.Fatal(err)
	}
	// dconf-service stores names as a tree ("/", "system/", "proxy/",
	// "http/", "port"): only the full name finds the value.
	for key, want := range map[string]gvValue{
		"/system/proxy/mode":                        {Type: "s", S: "manual"},
		"/system/proxy/http/port":                   {Type: "i", I: 8080},
		"/system/proxy/http/use-authentication":     {Type: "b", B: true},
		"/system/proxy/ignore-hosts":                {Type: "as", AS: []string{"localhost", "*.corp.example", "bücher.example"}},
		"/org/gnome/desktop/interface/clock-format": {Type: "s", S: "12h"},
	} {
		raw, ok, err := db.value(key)
		if err != nil || !ok {
			t.Fatalf("%s: found=%v err=%v", key, ok, err)
		}
		got, err := decodeGVariantV(raw)
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %+v, %v; want %+v", key, got, err, want)
		}
	}
	for _, key := range []string{"port", "http/port", "/system/proxy/http/", "/system/proxy/http/port/", "/system/proxy/socks/port", ""} {
		if _, ok, err := db.value(key); ok || err != nil {
			t.Errorf("%q: found=%v err=%v, want absent", key, ok, err)
		}
	}
}

func TestGVDBDamage(t *testing.T) {
	good := buildGVDB(t, []gvdbEntry{{key: "/a", typ: 'v', value: gvVS("x")}})
	patch := func(off int, v uint32) []byte {
		b := append([]byte(nil), good...)
		binary.LittleEndian.PutUint32(b[off:], v)
		return b
	}
	// The root table is at 24: header 8 bytes, one bucket, one item at 36.
	item := 24 + 12
	tests := map[string][]byte{
		"empty":               nil,
		"short":               good[:20],
		"signature":           append([]byte("GVarianT"), good[8:]...),
		"version":             patch(8, 1),
		"root past the end":   patch(20, uint32(len(good)+1)),
		"root reversed":       patch(16, 40),
		"root misaligned":     patch(16, 25),
		"bloom overrun":       patch(24, 1000),
		"buckets overrun":     patch(28, 1<<30),
		"ragged items":        patch(20, 24+12+gvdbItemSize-1),
		"key past the end":    patch(item+8, uint32(len(good))),
		"parent out of range": patch(item+4, 7),
		"type":                func() []byte { b := append([]byte(nil), good...); b[item+14] = 'x'; return b }(),
		"too big":             make([]byte, gvdbMaxSize+1),
	}
	for name, b := range tests {
		if _, err := parseGVDB(b); !errors.Is(err, errGVDB) {
			t.Errorf("%s: err %v, want errGVDB", name, err)
		}
	}
	// A value pointer out of bounds or unaligned is found at lookup.
	for name, b := range map[string][]byte{
		"value past the end": patch(item+20, uint32(len(good)+8)),
		"value misaligned":   patch(item+16, 1+le32(good[item+16:])),
	} {
		db, err := parseGVDB(b)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, _, err := db.value("/a"); !errors.Is(err, errGVDB) {
			t.Errorf("%s: err %v, want errGVDB", name, err)
		}
	}
	if db, err := parseGVDB(good); err != nil {
		t.Fatal(err)
	} else if _, ok, err := db.value("/a"); !ok || err != nil {
		t.Fatalf("the undamaged file: found=%v err=%v", ok, err)
	}
}

// Items that name each other as parents must not loop.
func TestGVDBParentCycle(t *testing.T) {
	b := buildGVDB(t, []gvdbEntry{{key: "a", typ: 'v', value: gvVS("x")}, {key: "b", typ: 'v', value: gvVS("y")}})
	items := 24 + 12
	binary.LittleEndian.PutUint32(b[items+4:], 1)
	binary.LittleEndian.PutUint32(b[items+gvdbItemSize+4:], 0)
	binary.LittleEndian.PutUint32(b[items:], gvdbHash(strings.Repeat("ba", 1000)))
	db, err := parseGVDB(b)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan bool)
	go func() {
		_, ok, _ := db.value(strings.Repeat("ba", 1000))
		done <- ok
	}()
	select {
	case ok := <-done:
		if ok {
			t.Error("a name made of a cycle was found")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("lookup loops on a parent cycle")
	}
}

func TestDecodeGVariant(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want gvValue
		ok   bool
	}{
		{"string", gvVS("proxy.example"), gvValue{Type: "s", S: "proxy.example"}, true},
		{"empty string", gvVS(""), gvValue{Type: "s"}, true},
		{"true", gvVB(true), gvValue{Type: "b", B: true}, true},
		{"false", gvVB(false), gvValue{Type: "b"}, true},
		{"int", gvVI(-3128), gvValue{Type: "i", I: -3128}, true},
		{"strings", gvVAS("a", "", "ccc"), gvValue{Type: "as", AS: []string{"a", "", "ccc"}}, true},
		{"no strings", gvVAS(), gvValue{Type: "as"}, true},
		{"wide offsets", gvVAS(strings.Repeat("x", 300), "y"), gvValue{Type: "as", AS: []string{strings.Repeat("x", 300), "y"}}, true},
		{"wider offsets", gvVAS(strings.Repeat("x", 70000)), gvValue{Type: "as", AS: []string{strings.Repeat("x", 70000)}}, true},
		{"no type", []byte("abc"), gvValue{}, false},
		{"unknown type", []byte("\x01\x00y"), gvValue{}, false},
		{"unterminated string", []byte("ab\x00s")[1:], gvValue{}, false},
		{"string with zero", []byte("a\x00b\x00\x00s"), gvValue{}, false},
		{"bad UTF-8", []byte("\xc3\x28\x00\x00s"), gvValue{}, false},
		{"bool 2", []byte{2, 0, 'b'}, gvValue{}, false},
		{"bool size", []byte{1, 1, 0, 'b'}, gvValue{}, false},
		{"int size", []byte{1, 2, 3, 0, 'i'}, gvValue{}, false},
		{"array table past the end", []byte("a\x00\x09\x00as"), gvValue{}, false},
		{"array element past the table", []byte("a\x00\x03\x02\x00as"), gvValue{}, false},
		{"array element backwards", []byte("ab\x00\x03\x01\x03\x00as"), gvValue{}, false},
		{"array element unterminated", []byte("ab\x02\x00as"), gvValue{}, false},
		{"array without elements", []byte("ab\x03\x00as"), gvValue{}, false},
	}
	for _, tc := range tests {
		got, err := decodeGVariantV(tc.in)
		if tc.ok != (err == nil) || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s: got %+v, %v; want %+v ok=%v", tc.name, got, err, tc.want, tc.ok)
		}
		if err != nil && !errors.Is(err, errGVariant) {
			t.Errorf("%s: error %v is not errGVariant", tc.name, err)
		}
	}
}

func fuzzSeeds(f *testing.F) [][]byte {
	var seeds [][]byte
	for _, name := range []string{"user-manual", "user-auto", "schemas/gschemas.compiled"} {
		b, err := os.ReadFile(filepath.Join("testdata", "dconf", name))
		if err != nil {
			f.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	return seeds
}

// FuzzGVDB: no input makes the reader panic, loop, or read outside the
// file; what it finds decodes or fails cleanly.
func FuzzGVDB(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Add(buildGVDB(f, []gvdbEntry{
		{key: "/system/proxy/mode", typ: 'v', value: gvVS("none")},
		{key: ".locks", typ: 'H', sub: []gvdbEntry{{key: "/system/proxy/mode", typ: 'v', value: gvVS("")}}},
	}))
	f.Fuzz(func(t *testing.T, b []byte) {
		db, err := parseGVDB(b)
		if err != nil {
			return
		}
		locks, ok, err := db.table(".locks")
		for key := range gnomeProxySchema {
			if err == nil && ok {
				locks.lookup(key, 'v')
			}
			raw, found, verr := db.value(key)
			if verr == nil && found {
				_, _ = decodeGVariantV(raw)
			}
		}
		// As compiled schemas: a table per schema, key infos in it.
		if sub, ok, err := db.table("org.gnome.system.proxy"); err == nil && ok {
			for _, k := range []string{".path", "mode", "ignore-hosts"} {
				if raw, found, err := sub.value(k); err == nil && found {
					_, _ = decodeSchemaKey(raw)
				}
			}
		}
	})
}

// FuzzGVariant: any bytes decode to a value of the type they name, or
// to an error.
func FuzzGVariant(f *testing.F) {
	for _, s := range [][]byte{gvVS("proxy.example"), gvVB(true), gvVI(8080), gvVAS("localhost", "127.0.0.0/8", "::1"), gvVAS()} {
		f.Add(s)
	}
	for _, s := range fuzzSeeds(f) {
		db, err := parseGVDB(s)
		if err != nil {
			f.Fatal(err)
		}
		for key := range gnomeProxySchema {
			if raw, ok, _ := db.value(key); ok {
				f.Add(raw)
			}
		}
		for _, id := range []string{"org.gnome.system.proxy", "org.gnome.system.proxy.http"} {
			if sub, ok, _ := db.table(id); ok {
				for _, k := range []string{"mode", "ignore-hosts", "port", "host"} {
					if raw, ok, _ := sub.value(k); ok {
						f.Add(raw)
					}
				}
			}
		}
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, err := decodeGVariantV(b)
		if err == nil && v.Type != string(b[len(b)-len(v.Type):]) {
			t.Fatalf("decoded type %q from %q", v.Type, b)
		}
		for _, typ := range []string{"s", "b", "i", "as"} {
			_, _ = decodeGVariant(typ, b)
		}
		if v, err := decodeSchemaKey(b); err == nil && !strings.HasPrefix(string(b[bytes.LastIndexByte(b, 0)+1:]), "("+v.Type) {
			t.Fatalf("schema key of type %q from %q", v.Type, b)
		}
	})
}
