package golden

// Concat joins the words with no separator.
func Concat(words []string) string {
	s := ""
	for _, w := range words {
		s += w
	}
	return s
}
