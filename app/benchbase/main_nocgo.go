//go:build !cgo

package main

import (
	"fmt"
	"os"
)

// Fyne's desktop driver is C code: without cgo there is no baseline to
// measure. This stub lets vet and staticcheck load the package without cgo
// (make test); `make package` compiles the real one.
func main() {
	fmt.Fprintln(os.Stderr, "benchbase: built without cgo; Fyne's desktop driver needs it")
	os.Exit(1)
}
