// Package together has two rewrites that each pass alone but not together: sizing both
// halves for the whole input breaks the package's memory budget test. --verify must keep
// only one of them, and say why.
package together

// Evens keeps the even numbers.
func Evens(xs []int) []int {
	var out []int
	for _, x := range xs {
		if x%2 == 0 {
			out = append(out, x)
		}
	}
	return out
}

// Odds keeps the odd numbers.
func Odds(xs []int) []int {
	var out []int
	for _, x := range xs {
		if x%2 != 0 {
			out = append(out, x)
		}
	}
	return out
}
