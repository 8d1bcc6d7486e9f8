package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// keyButton is a button that Enter presses too: Fyne's own answers only
// Space, and the diagnosis window is meant to be used from the keyboard
// (Tab to the action, Enter).
type keyButton struct{ widget.Button }

// newKeyButton returns the button to put in the layout; its Button is
// what the view keeps (and tests tap). The layout must hold the keyButton
// itself: Fyne keys renderers by the outer widget.
func newKeyButton(label string, icon fyne.Resource, tapped func()) *keyButton {
	b := &keyButton{}
	b.Text, b.Icon, b.OnTapped = label, icon, tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey presses the button on Enter or Return, as Space does.
func (b *keyButton) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter {
		b.Tapped(nil)
		return
	}
	b.Button.TypedKey(ev)
}

// track keeps a button under key: its Button for the tests and the
// state, the keyButton for focus.
func (d *diagnosisView) track(key string, b *keyButton) {
	d.buttons[key] = &b.Button
	d.keyed[key] = b
}

// focusPrimary puts the keyboard focus on the primary action, so Enter
// does it and Tab goes on from there.
func (d *diagnosisView) focusPrimary(c fyne.Canvas) {
	if d.primary != nil && !d.primary.Disabled() {
		c.Focus(d.primary)
	}
}
