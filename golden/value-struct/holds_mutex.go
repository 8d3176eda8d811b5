package tables

import "sync"

type locked struct {
	mu sync.Mutex
	n  int
}

func (l *locked) inc() {
	l.mu.Lock()
	l.n++
	l.mu.Unlock()
}

func once() int {
	l := &locked{}
	l.inc()
	return l.n
}
