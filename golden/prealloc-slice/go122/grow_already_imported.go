package cases

import "slices"

// Sorted already imports slices: no second import.
func Sorted(m map[string]bool) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
