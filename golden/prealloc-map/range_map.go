package cases

// Invert ranges over a map: len(m) entries.
func Invert(m map[string]int) map[int]string {
	inverted := make(map[int]string)
	for k, v := range m {
		inverted[v] = k
	}
	return inverted
}
