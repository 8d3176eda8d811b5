package cases

// Lengths has no imports yet: one is added after the package clause.
func Lengths(words []string) []int {
	var lengths []int
	for _, w := range words {
		lengths = append(lengths, len(w))
	}
	return lengths
}
