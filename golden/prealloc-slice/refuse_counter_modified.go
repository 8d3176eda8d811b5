package cases

// Skip steps its counter inside the loop as well.
func Skip(xs []int) []int {
	out := []int{}
	for i := 0; i < len(xs); i++ {
		if xs[i] == 0 {
			i++
		}
		out = append(out, xs[i])
	}
	return out
}
