package cases

// Later appends from a closure made in the loop.
func Later(xs []int) []func() {
	var out []int
	fns := make([]func(), 0, len(xs))
	for _, x := range xs {
		x := x
		fns = append(fns, func() { out = append(out, x) })
	}
	return fns
}
