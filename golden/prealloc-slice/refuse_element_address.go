package cases

type Point struct {
	X, Y int
}

// Move keeps pointers to elements while appending: they share the backing array only until
// it is reallocated, and a capacity changes when that happens.
func (p *Point) Move() { p.X++ }

// Track appends and takes element addresses in the same loop.
func Track(xs []int) ([]Point, []*Point) {
	points := []Point{}
	ptrs := make([]*Point, 0, len(xs))
	for i, x := range xs {
		points = append(points, Point{X: x})
		ptrs = append(ptrs, &points[i])
	}
	return points, ptrs
}

// Bump calls a pointer method on an element while appending.
func Bump(xs []int) []Point {
	points := []Point{}
	for i, x := range xs {
		points = append(points, Point{X: x})
		points[i].Move()
	}
	return points
}
