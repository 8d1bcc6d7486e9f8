package main

import (
	"errors"
	"strings"
	"testing"
)

func TestResidentAllowed(t *testing.T) {
	if !residentAllowed("") {
		t.Error("the GUI build (no flavor) must run the tray")
	}
	if residentAllowed("cli") {
		t.Error("gatewatch-cli.exe must not become a tray with a console window")
	}
}

func TestStartFailureNamesErrorAndLog(t *testing.T) {
	got := startFailure(errors.New("no desktop session"), `C:\Users\ann\AppData\Local\gatewatch\gatewatch.log`)
	for _, want := range []string{"could not start", "no desktop session", `AppData\Local\gatewatch\gatewatch.log`} {
		if !strings.Contains(got, want) {
			t.Errorf("startFailure = %q, missing %q", got, want)
		}
	}
	if strings.Contains(startFailure(errors.New("x"), ""), "log is in") {
		t.Error("startFailure names a log it does not have")
	}
}
