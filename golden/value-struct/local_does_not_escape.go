package tables

type acc struct{ n int }

func (a *acc) add(v int) { a.n += v }

// The compiler keeps this &acc{} on the stack already: nothing to gain.
func sum(xs []int) int {
	a := &acc{}
	for _, x := range xs {
		a.add(x)
	}
	return a.n
}
