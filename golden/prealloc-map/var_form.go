package cases

// Lengths declares the map with var and an initial value.
func Lengths(words []string) map[string]int {
	var lengths = map[string]int{}
	for _, w := range words {
		lengths[w] = len(w)
	}
	return lengths
}
