package cases

// Cells writes in a nested loop: many entries per iteration of the outer loop.
func Cells(grid [][]int) map[int]bool {
	seen := map[int]bool{}
	for _, row := range grid {
		for _, c := range row {
			seen[c] = true
		}
	}
	return seen
}
