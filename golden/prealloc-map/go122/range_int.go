package cases

// Powers ranges over an int.
func Powers(n int) map[int]int {
	powers := map[int]int{}
	for i := range n {
		powers[i] = 1 << i
	}
	return powers
}
