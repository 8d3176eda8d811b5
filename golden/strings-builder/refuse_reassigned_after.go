// refused: s is assigned other than by appending
package golden

import "strings"

// Normalise reassigns the string after the loop.
func Normalise(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p
	}
	s = strings.ToLower(s)
	return s
}
