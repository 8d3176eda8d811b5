package cases

// Squares counts to n; a negative size hint is harmless for a map (no panic), so no guard.
func Squares(n int) map[int]int {
	squares := make(map[int]int)
	for i := 0; i < n; i++ {
		squares[i] = i * i
	}
	return squares
}
