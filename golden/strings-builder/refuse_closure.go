// refused: s is used in a closure or goroutine
package golden

// Emit appends from a closure as well as from the loop.
func Emit(parts []string) string {
	s := ""
	bang := func() { s += "!" }
	for _, p := range parts {
		s += p
		bang()
	}
	return s
}
