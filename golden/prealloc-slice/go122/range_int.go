package cases

// Cubes ranges over an int, which may be negative: guarded.
func Cubes(n int) []int {
	var cubes []int
	for i := range n {
		cubes = append(cubes, i*i*i)
	}
	return cubes
}
