// Package wintest runs the Windows build under Wine (scripts/windows-test.sh):
// its tests carry the wine build tag, so an ordinary go test finds none.
package wintest
