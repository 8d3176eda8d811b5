package cases

// Tail counts from 1, not from a literal 0.
func Tail(xs []int) []int {
	out := []int{}
	for i := 1; i < len(xs); i++ {
		out = append(out, xs[i])
	}
	return out
}
