package shapes

type node struct {
	n    int
	next *node
	seen map[string]bool
}

// Writing through a pointer or map field changes what a copy shares too.
func (p *node) touch(key string) {
	p.next.n++
	p.seen[key] = p.n > 0
}
