package checks

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// The proxy keys' defaults as GSettings reads them: from the compiled
// schemas (gschemas.compiled, a GVDB file that glib-compile-schemas
// writes with any vendor .gschema.override already applied). GLib's
// gio/gsettingsschema.c looks a schema up in the user's schema directory
// first, then in each XDG_DATA_DIRS one, and takes the first that has
// it. Each schema is a nested table: ".path" is its dconf path, and each
// key a tuple whose first member is the default, followed by (y, data)
// pairs from glib-compile-schemas ('e' enum values, 'r' range, and
// others such as translated or per-desktop defaults).

// gschemaDefaults reads the defaults of the keys in schema (dconf path →
// type) from the compiled schemas. An error (no schema, another path, a
// default this reader does not model) sends the caller to gsettings.
func gschemaDefaults(schema map[string]gvValue) (map[string]gvValue, error) {
	files := map[string]gvdbTable{}
	open := func(dir string) (gvdbTable, bool, error) {
		if db, ok := files[dir]; ok {
			return db, true, nil
		}
		b, err := readCapped(filepath.Join(dir, "gschemas.compiled"), gvdbMaxSize)
		if errors.Is(err, fs.ErrNotExist) {
			return gvdbTable{}, false, nil
		}
		if err != nil {
			return gvdbTable{}, false, err
		}
		db, err := parseGVDB(b)
		if err != nil {
			return gvdbTable{}, false, fmt.Errorf("%s: %w", dir, err)
		}
		files[dir] = db
		return db, true, nil
	}
	tables := map[string]gvdbTable{} // schema id → its table
	find := func(id string) (gvdbTable, error) {
		if t, ok := tables[id]; ok {
			return t, nil
		}
		for _, dir := range schemaDirs() {
			db, ok, err := open(dir)
			if err != nil {
				return gvdbTable{}, err
			}
			if !ok {
				continue
			}
			t, ok, err := db.table(id)
			if err != nil {
				return gvdbTable{}, fmt.Errorf("%s: %w", dir, err)
			}
			if ok {
				tables[id] = t
				return t, nil
			}
		}
		return gvdbTable{}, fmt.Errorf("%w: schema %s not installed", errDconfUnsupported, id)
	}
	out := make(map[string]gvValue, len(schema))
	for key, want := range schema {
		dir, name := key[:strings.LastIndexByte(key, '/')+1], key[strings.LastIndexByte(key, '/')+1:]
		id := "org.gnome" + strings.ReplaceAll(strings.TrimSuffix(dir, "/"), "/", ".")
		t, err := find(id)
		if err != nil {
			return nil, err
		}
		if p, err := gschemaString(t, ".path"); err != nil || p != dir {
			return nil, fmt.Errorf("%w: schema %s has path %q (%v), want %s", errDconfUnsupported, id, p, err, dir)
		}
		raw, ok, err := t.value(name)
		if err != nil {
			return nil, fmt.Errorf("schema %s: %w", id, err)
		}
		if !ok {
			return nil, fmt.Errorf("%w: schema %s has no key %s", errDconfUnsupported, id, name)
		}
		v, err := decodeSchemaKey(raw)
		if err != nil {
			return nil, fmt.Errorf("schema %s key %s: %w", id, name, err)
		}
		if v.Type != want.Type {
			return nil, fmt.Errorf("%w: schema %s key %s has type %s, want %s", errDconfUnsupported, id, name, v.Type, want.Type)
		}
		out[key] = v
	}
	return out, nil
}

func gschemaString(t gvdbTable, key string) (string, error) {
	raw, ok, err := t.value(key)
	if err != nil || !ok {
		return "", err
	}
	v, err := decodeGVariantV(raw)
	if err != nil || v.Type != "s" {
		return "", fmt.Errorf("%w: %s is not a string", errGVariant, key)
	}
	return v.S, nil
}

// decodeSchemaKey reads a compiled key's default: a "v" holding a tuple
// (T, (y, data)...). Only the extras an enum or a range add are
// accepted; a translated or per-desktop default would need GLib's logic.
// Tuple layout (glib/gvariant-serialiser.c): members in order, each at
// its alignment, then the end offset of each variable-size member but
// the last, in reverse order, so the first member's end is the last
// offset of the tuple.
func decodeSchemaKey(raw []byte) (gvValue, error) {
	z := bytes.LastIndexByte(raw, 0)
	if z < 0 {
		return gvValue{}, fmt.Errorf("%w: variant without a type string", errGVariant)
	}
	typ, body := string(raw[z+1:]), raw[:z]
	if len(typ) < 3 || typ[0] != '(' || typ[len(typ)-1] != ')' {
		return gvValue{}, fmt.Errorf("%w: key info of type %q", errGVariant, typ)
	}
	inner := typ[1 : len(typ)-1]
	first := inner[:1]
	if strings.HasPrefix(inner, "as") {
		first = "as"
	}
	for extras := inner[len(first):]; extras != ""; {
		switch {
		case strings.HasPrefix(extras, "(yau)"): // enum: its values
			extras = extras[len("(yau)"):]
		case strings.HasPrefix(extras, "(y(ii))"): // range
			extras = extras[len("(y(ii))"):]
		default:
			return gvValue{}, fmt.Errorf("%w: key info %s not modelled", errDconfUnsupported, typ)
		}
	}
	end := len(body)
	switch {
	case first == "i":
		end = 4
	case first == "b":
		end = 1
	case len(first) < len(inner): // variable size, not last: framed
		w := gvOffsetSize(len(body))
		if w > len(body) {
			return gvValue{}, fmt.Errorf("%w: key info of %d bytes", errGVariant, len(body))
		}
		end = int(min(gvOffset(body[len(body)-w:], w), uint64(len(body)+1)))
	}
	if end > len(body) {
		return gvValue{}, fmt.Errorf("%w: default runs past the key info (%d of %d bytes)", errGVariant, end, len(body))
	}
	return decodeGVariant(first, body[:end])
}
