package generic

// The size of pair[K] depends on K, so it cannot be checked against the limit.
type pair[K any] struct{ a, b K }

func (p *pair[K]) first() K { return p.a }
