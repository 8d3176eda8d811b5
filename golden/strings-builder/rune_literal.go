package golden

// Bullets writes an ASCII rune literal with WriteByte, any other with WriteRune.
func Bullets(items []string) string {
	s := ""
	for _, it := range items {
		s += string('•') + string(' ') + it + string('\n')
	}
	return s
}
