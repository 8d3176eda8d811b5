package cases

// Positive filters: the capacity is an upper bound; the slice was non-nil already.
func Positive(xs []int) []int {
	kept := []int{}
	for _, x := range xs {
		if x > 0 {
			kept = append(kept, x)
		}
	}
	return kept
}
