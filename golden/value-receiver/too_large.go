package shapes

// rect is four words, over the default limit of three.
type rect struct{ x0, y0, x1, y1 int }

func (r *rect) area() int { return (r.x1 - r.x0) * (r.y1 - r.y0) }
