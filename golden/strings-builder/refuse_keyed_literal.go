// refused: s is a key in a composite literal
package golden

// Index uses the string as a map key in a literal.
func Index(parts []string) map[string]int {
	s := ""
	for _, p := range parts {
		s += p
	}
	return map[string]int{s: len(parts)}
}
