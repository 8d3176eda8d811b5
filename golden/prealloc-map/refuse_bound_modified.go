package cases

// Grow raises its bound inside the loop.
func Grow(n int) map[int]int {
	m := make(map[int]int)
	for i := 0; i < n; i++ {
		if i == 2 {
			n++
		}
		m[i] = n
	}
	return m
}
