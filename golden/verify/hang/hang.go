// Package hang has a benchmark that never finishes: --verify must kill it at --timeout,
// report it, and still verify the rest.
package hang

// Fill is measured only by BenchmarkFill, which hangs.
func Fill(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, i)
	}
	return out
}

// Grow is measured by BenchmarkGrow, which behaves.
func Grow(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, i*2)
	}
	return out
}
