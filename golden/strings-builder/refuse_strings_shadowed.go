// refused: the name strings is taken here
package golden

// Count has a local variable called strings.
func Count(parts []string) (string, int) {
	strings := len(parts)
	s := ""
	for _, p := range parts {
		s += p
	}
	return s, strings
}
