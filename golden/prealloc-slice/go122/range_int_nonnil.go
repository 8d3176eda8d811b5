package cases

// Ones ranges over n from a non-nil slice: n may be negative, so the make is guarded.
func Ones(n int) []int {
	ones := make([]int, 0)
	for range n {
		ones = append(ones, 1)
	}
	return ones
}
