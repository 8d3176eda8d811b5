package cases

// Variants filters, then makes two variants of the result with one more element each. With
// nothing kept, the original's []int{} has capacity 0 and the two appends get separate
// arrays; with capacity, they would share one and the first variant would change.
func Variants(xs []int) ([]int, []int) {
	base := []int{}
	for _, x := range xs {
		if x > 0 {
			base = append(base, x)
		}
	}
	a := append(base, 1)
	b := append(base, 2)
	return a, b
}
