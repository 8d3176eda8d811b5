package tables

type point struct{ x, y int }

func (p point) sum() int { return p.x + p.y }

//go:noinline
func newPoint(x, y int) *point {
	return &point{x: x, y: y}
}

func distance(a, b int) int {
	p := newPoint(a, b)
	p.x -= 1
	return p.sum() + newPoint(b, a).y
}
