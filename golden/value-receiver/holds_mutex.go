package shapes

import "sync"

type guarded struct {
	mu sync.Mutex
	n  int
}

func (g *guarded) peek() int { return g.n }
