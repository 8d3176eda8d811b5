package cases

// Squares already has a capacity.
func Squares(xs []int) []int {
	out := make([]int, 0, len(xs))
	for _, x := range xs {
		out = append(out, x*x)
	}
	return out
}
