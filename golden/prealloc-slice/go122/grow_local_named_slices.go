package cases

// Count has a local variable named slices, so slices.Grow would not mean the package:
// the guarded make is used instead.
func Count(groups [][]int) ([]int, int) {
	slices := len(groups)
	var sizes []int
	for _, g := range groups {
		sizes = append(sizes, len(g))
	}
	return sizes, slices
}
