package golden

// Sum adds numbers with +=: not string building.
func Sum(xs []int, scale float64) (int, float64) {
	n, f := 0, 0.0
	for _, x := range xs {
		n += x
		f = f + float64(x)*scale
	}
	return n, f
}
