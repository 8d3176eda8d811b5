package cases

// Pairs appends twice per iteration: len(xs) would be half the size needed.
func Pairs(xs []int) []int {
	out := []int{}
	for _, x := range xs {
		out = append(out, x)
		out = append(out, -x)
	}
	return out
}
