package cases

import "strings"

// Words ranges over a call result: its type is not stated here and calling it again for
// the capacity would repeat the work.
func Words(s string) []string {
	var out []string
	for _, w := range strings.Fields(s) {
		out = append(out, strings.ToLower(w))
	}
	return out
}
