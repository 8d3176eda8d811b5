package cases

// Keys ranges over a map: len(m) entries, so len(m) appends at most.
func Keys(m map[string]int) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	return keys
}
