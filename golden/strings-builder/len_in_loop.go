package golden

// Wrap reads len(s) and s != "" inside the loop: both have exact Builder equivalents.
func Wrap(words []string, width int) string {
	s := ""
	for _, w := range words {
		if len(s)+len(w) > width {
			break
		}
		if s != "" {
			s += " "
		}
		s += w
	}
	if s == "" {
		return "-"
	}
	return s
}
