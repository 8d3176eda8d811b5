package golden

// Prefix returns from inside the loop: the builder is never written after that read.
func Prefix(words []string, stop string) string {
	s := ""
	for _, w := range words {
		if w == stop {
			return s
		}
		s += w
	}
	return s
}
