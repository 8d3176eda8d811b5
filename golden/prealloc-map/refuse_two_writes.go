package cases

// Both writes two entries per iteration.
func Both(xs []int) map[int]bool {
	m := make(map[int]bool)
	for _, x := range xs {
		m[x] = true
		m[-x] = false
	}
	return m
}
