// refused: b.text is not a local variable
package golden

type buffer struct{ text string }

// Fill appends to a struct field.
func Fill(b *buffer, parts []string) {
	for _, p := range parts {
		b.text += p + " "
	}
}
