package cases

// UpTo returns the slice from inside the loop: a use other than append, len or index.
func UpTo(xs []int, limit int) []int {
	var out []int
	for _, x := range xs {
		if x > limit {
			return out
		}
		if x%2 == 0 {
			out = append(out, x)
		}
	}
	return out
}
