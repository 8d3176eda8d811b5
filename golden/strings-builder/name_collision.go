package golden

// Two builders in one function, and a variable already called sb: sb2 and sb3.
func Columns(rows [][2]string) (string, string) {
	sb := len(rows)
	left := ""
	right := ""
	for _, r := range rows {
		left += r[0]
		right += r[1]
	}
	_ = sb
	return left, right
}
