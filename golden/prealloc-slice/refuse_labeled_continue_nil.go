package cases

// Matches appends conditionally to a nil slice in an inner loop that a labeled continue can
// leave for the outer loop, which would skip resetting an empty result to nil after it.
func Matches(groups [][]int, want int) int {
	total := 0
groups:
	for _, g := range groups {
		var hits []int
		for i := 0; i < len(g); i++ {
			if g[i] < 0 {
				continue groups
			}
			if g[i] == want {
				hits = append(hits, g[i])
			}
		}
		total += len(hits)
	}
	return total
}
