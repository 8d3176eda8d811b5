package tables

type pair struct{ a, b int }

func newPair(a, b int) *pair {
	return &pair{a: a, b: b}
}

// newPair is inlined here and the compiler keeps the pair on the stack already.
func pairSum(a, b int) int {
	p := newPair(a, b)
	return p.a + p.b
}
