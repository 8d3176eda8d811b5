// refused: s is redeclared or shadowed inside its scope
package golden

// Shadow declares another s inside the loop.
func Shadow(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p
		if p == "" {
			s := "empty"
			_ = s
		}
	}
	return s
}
