package cases

// Cells appends in a nested loop: many appends per iteration of the outer loop.
func Cells(grid [][]int) []int {
	var out []int
	for _, row := range grid {
		for _, c := range row {
			out = append(out, c)
		}
	}
	return out
}
