// refused: package strings cannot use strings.Builder
package strings

// Concat lives in a package called strings.
func Concat(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p
	}
	return s
}
