package cases

// Doubles starts from make([]int, 0), which only lacks the capacity.
func Doubles(xs []int) []int {
	out := make([]int, 0)
	for _, x := range xs {
		out = append(out, 2*x)
	}
	return out
}
