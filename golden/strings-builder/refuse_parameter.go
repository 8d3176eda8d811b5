// refused: s is a parameter
package golden

// Suffix grows its parameter.
func Suffix(s string, parts []string) string {
	for _, p := range parts {
		s += p
	}
	return s
}
