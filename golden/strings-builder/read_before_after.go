package golden

import "strings"

// Sentence reads s before and after the loop: both become sb.String().
func Sentence(start string, words []string) string {
	s := strings.TrimSpace(start)
	if strings.HasSuffix(s, ".") {
		return s
	}
	for _, w := range words {
		s += " " + w
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}
