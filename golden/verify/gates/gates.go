// Package gates has one function per verification gate. tests/test_verify_gates.py writes
// the rewrites by hand, because gocodemod's own transforms refuse the unsafe ones.
package gates

// Doubles doubles every number; benchmarked, so sizing its result up front is proven.
func Doubles(xs []int) []int {
	var out []int
	for _, x := range xs {
		out = append(out, 2*x)
	}
	return out
}

// Evens keeps the even numbers. Its test insists that no input gives a nil result, so
// a rewrite that makes the result non-nil breaks the test.
func Evens(xs []int) []int {
	var out []int
	for _, x := range xs {
		if x%2 == 0 {
			out = append(out, x)
		}
	}
	return out
}

// Sum allocates nothing at all.
func Sum(xs []int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}

// Squares has no benchmark.
func Squares(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, i*i)
	}
	return out
}
