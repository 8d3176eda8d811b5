package cases

// Flatten appends whole slices: one append may add any number of elements.
func Flatten(groups [][]int) []int {
	var out []int
	for _, g := range groups {
		out = append(out, g...)
	}
	return out
}
