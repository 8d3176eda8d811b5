package cases

import "strings"

// Words has a statement between the declaration and the loop; the ranged parameter is
// declared before the map, so the hint can be given at the declaration.
func Words(words []string, suffix string) map[string]bool {
	set := map[string]bool{}
	suffix = strings.ToLower(suffix)
	for _, w := range words {
		set[w+suffix] = true
	}
	return set
}
