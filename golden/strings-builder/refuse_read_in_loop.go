// refused: s is read inside the loop
package golden

import "strings"

// Dedupe reads the whole string inside the loop.
func Dedupe(parts []string) string {
	s := ""
	for _, p := range parts {
		if !strings.Contains(s, p) {
			s += p
		}
	}
	return s
}
