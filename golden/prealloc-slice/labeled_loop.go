package cases

// FirstRow stops at the first zero via a labeled loop; the capacity goes before the label,
// indented like the loop (gofmt outdents labels).
func FirstRow(grid [][]int) []int {
	row := []int{}
outer:
	for _, cells := range grid {
		for _, c := range cells {
			if c == 0 {
				break outer
			}
		}
		row = append(row, len(cells))
	}
	return row
}
