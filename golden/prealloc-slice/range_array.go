package cases

// Halves ranges over an array variable declared in the function.
func Halves() []int {
	var values [4]int
	for i := range values {
		values[i] = i * 10
	}
	halves := []int{}
	for _, v := range values {
		halves = append(halves, v/2)
	}
	return halves
}
