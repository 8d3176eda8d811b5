package golden

// Rows builds one string per row in the inner loop; the outer loop only collects them.
func Rows(grid [][]string) []string {
	var out []string
	for _, row := range grid {
		line := ""
		for _, cell := range row {
			line += cell + "|"
		}
		out = append(out, line)
	}
	return out
}
