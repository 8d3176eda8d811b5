package golden

import "unicode"

// Initials keeps upper-case runes: range over a string yields runes, so WriteRune.
func Initials(name string) string {
	out := ""
	for _, r := range name {
		if unicode.IsUpper(r) {
			out += string(r)
		}
	}
	return out
}
