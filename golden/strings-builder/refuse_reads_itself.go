// refused: the value appended to s reads s
package golden

import "strconv"

// Offsets appends a value computed from the string itself.
func Offsets(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p + "@" + strconv.Itoa(len(s)) + ";"
	}
	return s
}
