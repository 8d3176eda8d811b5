package cases

// Nil declares a nil map (writing to it panics): not a candidate. The function only writes
// when there is nothing to write, so it never panics.
func Nil(xs []int) map[int]int {
	var m map[int]int
	for _, x := range xs[:0] {
		m[x] = x
	}
	return m
}
