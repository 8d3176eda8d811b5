package cases

// Signs appends in both branches of an if/else: still at most once per iteration.
func Signs(xs []int) []string {
	signs := make([]string, 0)
	for _, x := range xs {
		if x < 0 {
			signs = append(signs, "-")
		} else {
			signs = append(signs, "+")
		}
	}
	return signs
}
