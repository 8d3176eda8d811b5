// refused: s is prepended to
package golden

// Reverse puts each part in front: a builder only appends.
func Reverse(parts []string) string {
	s := ""
	for _, p := range parts {
		s = p + s
	}
	return s
}
