// refused: strings is imported under another name
package golden

import str "strings"

// Upper imports strings as str.
func Upper(parts []string) string {
	s := ""
	for _, p := range parts {
		s += str.ToUpper(p)
	}
	return s
}
