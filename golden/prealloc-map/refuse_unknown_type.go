package cases

import "strings"

// Fields ranges over a local whose type the source does not state.
func Fields(line string) map[string]bool {
	fields := strings.Fields(line)
	set := map[string]bool{}
	for _, f := range fields {
		set[f] = true
	}
	return set
}
