package cases

// Spare reports the spare capacity, which a preallocation changes.
func Spare(xs []int) int {
	out := []int{}
	for _, x := range xs {
		out = append(out, x)
	}
	return cap(out) - len(out)
}
