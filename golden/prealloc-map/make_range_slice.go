package cases

// Set starts from make without a size hint.
func Set(words []string) map[string]bool {
	seen := make(map[string]bool)
	for _, w := range words {
		seen[w] = true
	}
	return seen
}
