package golden

// Spaced separates the bytes of s: string(b) encodes the code point b, so
// WriteRune(rune(b)) and not WriteByte (they differ for b >= 0x80).
func Spaced(s string) string {
	var out string
	for i := 0; i < len(s); i++ {
		out += string(s[i]) + " "
	}
	return out
}
