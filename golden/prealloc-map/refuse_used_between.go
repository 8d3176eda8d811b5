package cases

// Defaults writes an entry between the declaration and the loop.
func Defaults(keys []string) map[string]int {
	m := map[string]int{}
	m["default"] = 0
	for _, k := range keys {
		m[k] = 1
	}
	return m
}
