package cases

// Extend appends to out but assigns the result to another slice, which may share out's
// backing array depending on its capacity.
func Extend(xs []int) ([]int, []int) {
	out := []int{}
	var last []int
	for _, x := range xs {
		last = append(out, x)
	}
	return out, last
}
