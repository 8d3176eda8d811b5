// refused: out is a named result
package golden

// Join returns its named result with a bare return.
func Join(parts []string) (out string) {
	for _, p := range parts {
		out += p
	}
	return
}
