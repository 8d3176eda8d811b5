package cases

// Windows keeps sub-slices of out, which alias its backing array: a capacity changes when
// they stop sharing it.
func Windows(xs []int) [][]int {
	out := []int{}
	windows := make([][]int, 0, len(xs))
	for _, x := range xs {
		out = append(out, x)
		windows = append(windows, out[:len(out)])
	}
	return windows
}
