package tables

type frame struct{ depth int }

var top = &frame{}

func deepest(n int) int {
	f := &frame{depth: 1}
	if n > 3 {
		f = top
	}
	return f.depth
}
