package tray

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"testing"
)

func TestIconIsICOOnWindows(t *testing.T) {
	for _, l := range []Look{LookChecking, LookOK, LookUser, LookServer} {
		p := l.PNG()
		img, err := png.Decode(bytes.NewReader(p))
		if err != nil {
			t.Fatalf("look %d: the asset is not a PNG: %v", l, err)
		}
		if got := iconFor("linux", p); !bytes.Equal(got, p) {
			t.Errorf("look %d: linux icon is not the PNG", l)
		}
		ico := iconFor("windows", p)
		if len(ico) < 22 || binary.LittleEndian.Uint16(ico[0:]) != 0 || binary.LittleEndian.Uint16(ico[2:]) != 1 || binary.LittleEndian.Uint16(ico[4:]) != 1 {
			t.Fatalf("look %d: no ICO header: % x", l, ico[:min(len(ico), 22)])
		}
		w, h := int(ico[6]), int(ico[7])
		if w == 0 {
			w = 256
		}
		if h == 0 {
			h = 256
		}
		b := img.Bounds()
		if w != b.Dx() || h != b.Dy() {
			t.Errorf("look %d: ICO says %dx%d, the PNG is %dx%d", l, w, h, b.Dx(), b.Dy())
		}
		size, off := binary.LittleEndian.Uint32(ico[14:]), binary.LittleEndian.Uint32(ico[18:])
		if off != 22 || int(size) != len(p) || !bytes.Equal(ico[off:], p) {
			t.Errorf("look %d: entry size %d offset %d does not hold the PNG (%d bytes)", l, size, off, len(p))
		}
	}
	if _, err := pngToICO([]byte("GIF89a not a png at all....")); err == nil {
		t.Error("pngToICO accepted a GIF")
	}
}
