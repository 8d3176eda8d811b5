// refused: s is declared together with other variables
package golden

// Both declares two strings in one statement.
func Both(parts []string) (string, string) {
	var s, t string
	for _, p := range parts {
		s += p
	}
	t = s
	return s, t
}
