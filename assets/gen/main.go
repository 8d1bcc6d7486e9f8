// Command gen draws gatewatch's tray icons as PNG files (run by go generate
// in package assets). Each state has its own shape as well as its own
// colour, so the icon reads without colour vision:
//
//	checking.png  grey ring          (checking, paused)
//	ok.png        green disc with ✓  (every site answers)
//	user.png      amber triangle "!" (the problem is on your side)
//	server.png    red square "×"     (a site is down on its side)
//
// and the application icon, the "all fine" design at the sizes desktops
// want: icon.png (512×512, FyneApp.toml's icon for menus and the
// packages) and icon.ico (16 to 256 px, built into gatewatch.exe).
package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
)

// size is the pixel size of every tray icon; trays scale it down.
const size = 64

// appSize is the pixel size of icon.png, what `fyne package` and icon
// themes ask for; icoSizes are the sizes in icon.ico, from the list
// Windows picks from (taskbar, Explorer, Alt-Tab).
const appSize = 512

var icoSizes = []int{16, 24, 32, 48, 64, 256}

// ss is the supersampling factor per axis, for smooth edges.
const ss = 4

var (
	grey  = color.NRGBA{0x80, 0x86, 0x8b, 0xff}
	green = color.NRGBA{0x1e, 0x9e, 0x4a, 0xff}
	amber = color.NRGBA{0xf0, 0xa2, 0x02, 0xff}
	red   = color.NRGBA{0xd3, 0x2f, 0x2f, 0xff}
	white = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	black = color.NRGBA{0x20, 0x20, 0x20, 0xff}
)

// shape reports whether point (x, y), in units of the icon size (0..1),
// is inside.
type shape func(x, y float64) bool

// layer is a shape painted in one colour; later layers paint over earlier.
type layer struct {
	in shape
	c  color.NRGBA
}

func disc(cx, cy, r float64) shape {
	return func(x, y float64) bool { return math.Hypot(x-cx, y-cy) <= r }
}

func ring(cx, cy, r, w float64) shape {
	return func(x, y float64) bool {
		d := math.Hypot(x-cx, y-cy)
		return d <= r && d >= r-w
	}
}

func rect(x0, y0, x1, y1 float64) shape {
	return func(x, y float64) bool { return x >= x0 && x <= x1 && y >= y0 && y <= y1 }
}

// segment is a thick line from (x0,y0) to (x1,y1) with round ends.
func segment(x0, y0, x1, y1, w float64) shape {
	return func(x, y float64) bool {
		dx, dy := x1-x0, y1-y0
		t := ((x-x0)*dx + (y-y0)*dy) / (dx*dx + dy*dy)
		t = math.Max(0, math.Min(1, t))
		return math.Hypot(x-(x0+t*dx), y-(y0+t*dy)) <= w/2
	}
}

// triangle points up, with its apex at (0.5, top) and base at bottom.
func triangle(top, bottom, halfBase float64) shape {
	return func(x, y float64) bool {
		if y < top || y > bottom {
			return false
		}
		half := halfBase * (y - top) / (bottom - top)
		return math.Abs(x-0.5) <= half
	}
}

func union(ss ...shape) shape {
	return func(x, y float64) bool {
		for _, s := range ss {
			if s(x, y) {
				return true
			}
		}
		return false
	}
}

var icons = map[string][]layer{
	"checking.png": {
		{ring(0.5, 0.5, 0.44, 0.14), grey},
	},
	"ok.png": {
		{disc(0.5, 0.5, 0.46), green},
		{union(segment(0.27, 0.52, 0.43, 0.68, 0.11), segment(0.43, 0.68, 0.73, 0.34, 0.11)), white},
	},
	"user.png": {
		{triangle(0.04, 0.94, 0.49), amber},
		{union(segment(0.5, 0.36, 0.5, 0.66, 0.11), disc(0.5, 0.80, 0.065)), black},
	},
	"server.png": {
		{rect(0.07, 0.07, 0.93, 0.93), red},
		{union(segment(0.3, 0.3, 0.7, 0.7, 0.12), segment(0.7, 0.3, 0.3, 0.7, 0.12)), white},
	},
}

func draw(layers []layer, size int) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			// Average the covering colour over ss×ss sub-samples; alpha is
			// the covered fraction.
			var r, g, b, a float64
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) / float64(size)
					y := (float64(py) + (float64(sy)+0.5)/ss) / float64(size)
					for i := len(layers) - 1; i >= 0; i-- {
						if layers[i].in(x, y) {
							c := layers[i].c
							r, g, b, a = r+float64(c.R), g+float64(c.G), b+float64(c.B), a+1
							break
						}
					}
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(px, py, color.NRGBA{
				R: uint8(r / a), G: uint8(g / a), B: uint8(b / a),
				A: uint8(math.Round(255 * a / (ss * ss))),
			})
		}
	}
	return img
}

func main() {
	dir := "."
	if len(os.Args) > 1 {
		dir = os.Args[1]
	}
	for name, layers := range icons {
		if err := write(filepath.Join(dir, name), draw(layers, size)); err != nil {
			fail(err)
		}
	}
	app := icons["ok.png"]
	if err := write(filepath.Join(dir, "icon.png"), draw(app, appSize)); err != nil {
		fail(err)
	}
	ico, err := encodeICO(app)
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "icon.ico"), ico, 0o644); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "gen:", err)
	os.Exit(1)
}

// encodeICO draws the layers at every icoSizes size into one Windows icon
// file. Each image is stored as PNG, which Windows reads since Vista: an
// ICONDIR header, one 16-byte ICONDIRENTRY per image, then the images.
func encodeICO(layers []layer) ([]byte, error) {
	var images [][]byte
	for _, s := range icoSizes {
		var b bytes.Buffer
		if err := png.Encode(&b, draw(layers, s)); err != nil {
			return nil, fmt.Errorf("encoding the %d px icon: %w", s, err)
		}
		images = append(images, b.Bytes())
	}
	var out bytes.Buffer
	le := binary.LittleEndian
	out.Write(le.AppendUint16(nil, 0))                   // reserved
	out.Write(le.AppendUint16(nil, 1))                   // type: icon
	out.Write(le.AppendUint16(nil, uint16(len(images)))) // count
	offset := 6 + 16*len(images)
	for i, s := range icoSizes {
		dim := byte(s)
		if s >= 256 {
			dim = 0 // 0 means 256
		}
		out.Write([]byte{dim, dim, 0, 0})   // width, height, no palette, reserved
		out.Write(le.AppendUint16(nil, 1))  // colour planes
		out.Write(le.AppendUint16(nil, 32)) // bits per pixel
		out.Write(le.AppendUint32(nil, uint32(len(images[i]))))
		out.Write(le.AppendUint32(nil, uint32(offset)))
		offset += len(images[i])
	}
	for _, img := range images {
		out.Write(img)
	}
	return out.Bytes(), nil
}

func write(path string, img image.Image) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("creating %s: %w", path, err)
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("closing %s: %w", path, err)
	}
	return nil
}
