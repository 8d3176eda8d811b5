package cases

// Evens counts to n from a non-nil empty slice; n may be negative, so the make is guarded
// and placed before the loop (the non-nil empty slice is kept when the guard fails).
func Evens(n int) []int {
	out := []int{}
	for i := 0; i < n; i++ {
		out = append(out, 2*i)
	}
	return out
}
