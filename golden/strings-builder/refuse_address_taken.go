// refused: the address of s is taken
package golden

func trim(p *string) { *p = (*p)[1:] }

// Tail takes the address of the string it builds.
func Tail(parts []string) string {
	s := ""
	for _, p := range parts {
		s += "," + p
	}
	trim(&s)
	return s
}
