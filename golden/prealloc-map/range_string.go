package cases

// Letters counts runes: len(s) bytes is an upper bound on distinct runes.
func Letters(s string) map[rune]int {
	counts := map[rune]int{}
	for _, r := range s {
		counts[r]++
	}
	return counts
}
