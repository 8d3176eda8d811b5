package cases

// Both appends two elements per call.
func Both(xs []int) []int {
	var out []int
	for _, x := range xs {
		out = append(out, x, x)
	}
	return out
}
