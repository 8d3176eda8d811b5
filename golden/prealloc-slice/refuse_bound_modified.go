package cases

// Shrink lowers its bound inside the loop.
func Shrink(n int) []int {
	out := []int{}
	for i := 0; i < n; i++ {
		if i%3 == 0 {
			n--
		}
		out = append(out, i)
	}
	return out
}
