// refused: package runtime cannot use strings.Builder
package runtime

// Concat lives in a package called runtime.
func Concat(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p
	}
	return s
}
