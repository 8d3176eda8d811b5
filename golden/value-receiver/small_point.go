package shapes

// point is two words: cheaper to pass by value than to dereference.
type point struct{ x, y int }

func (p *point) sum() int { return p.x + p.y }

func (p *point) scaled(k int) point {
	return point{p.x * k, p.y * k}
}

func (p *point) add(o point) int {
	total := p.sum()
	return total + o.x + o.y
}
