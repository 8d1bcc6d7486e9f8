package tray

import (
	"encoding/binary"
	"errors"
	"runtime"
)

// Icon is the look's tray icon in the form this system's tray takes:
// PNG bytes for the freedesktop tray and macOS, an ICO file on Windows,
// whose systray loads icons with LoadImage(IMAGE_ICON) and rejects a bare
// PNG (under Wine: "unable to set icon", an empty tray slot).
func (l Look) Icon() []byte { return iconFor(runtime.GOOS, l.PNG()) }

func iconFor(goos string, png []byte) []byte {
	if goos != "windows" {
		return png
	}
	ico, err := pngToICO(png)
	if err != nil {
		return png // the assets are PNGs (a test checks it): unreachable
	}
	return ico
}

var pngMagic = []byte("\x89PNG\r\n\x1a\n")

// pngToICO wraps one PNG image in an ICO container: since Windows Vista an
// icon entry may hold a PNG stream as it is. Header (reserved, type 1 =
// icon, one image), then one 16-byte directory entry: width and height
// (0 means 256), colours, reserved, planes, bits per pixel, the data's
// size and offset.
func pngToICO(png []byte) ([]byte, error) {
	if len(png) < 24 || string(png[:8]) != string(pngMagic) || string(png[12:16]) != "IHDR" {
		return nil, errors.New("not a PNG image")
	}
	w, h := binary.BigEndian.Uint32(png[16:20]), binary.BigEndian.Uint32(png[20:24])
	if w == 0 || h == 0 || w > 256 || h > 256 {
		return nil, errors.New("an icon image is 1 to 256 pixels wide and high")
	}
	const headerSize = 6 + 16
	out := make([]byte, headerSize, headerSize+len(png))
	binary.LittleEndian.PutUint16(out[2:], 1) // type: icon
	binary.LittleEndian.PutUint16(out[4:], 1) // one image
	e := out[6:]
	e[0], e[1] = byte(w), byte(h)            // 256 wraps to 0, as the format wants
	binary.LittleEndian.PutUint16(e[4:], 1)  // planes
	binary.LittleEndian.PutUint16(e[6:], 32) // bits per pixel
	binary.LittleEndian.PutUint32(e[8:], uint32(len(png)))
	binary.LittleEndian.PutUint32(e[12:], headerSize)
	return append(out, png...), nil
}
