package cases

// Positive keeps some entries: the hint is an upper bound.
func Positive(xs []int) map[int]bool {
	positive := map[int]bool{}
	for _, x := range xs {
		if x > 0 {
			positive[x] = true
		}
	}
	return positive
}
