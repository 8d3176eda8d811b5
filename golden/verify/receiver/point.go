// Package receiver has a pointer-receiver method that never allocates: turning it into a
// value receiver cuts nothing, and --verify must say so (no-alloc-change).
package receiver

// point is a position on a grid.
type point struct {
	X, Y int
}

// Norm2 is the squared distance from the origin.
func (p *point) Norm2() int {
	return p.X*p.X + p.Y*p.Y
}
