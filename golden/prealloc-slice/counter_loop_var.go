package cases

// Squares counts to n, which may be negative: make would panic on a negative capacity, so
// the guard also keeps that case as it was.
func Squares(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, i*i)
	}
	return out
}
