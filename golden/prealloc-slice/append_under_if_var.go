package cases

// Negative filters into a nil slice: if nothing is kept the result must still be nil, so an
// empty result is reset to nil after the loop.
func Negative(xs []int) []int {
	var kept []int
	for _, x := range xs {
		if x < 0 {
			kept = append(kept, x)
		}
	}
	return kept
}
