package cases

// Shadow declares a new out inside the loop.
func Shadow(xs []int) []int {
	out := []int{}
	for _, x := range xs {
		out := append(out, x)
		_ = out
	}
	return out
}
