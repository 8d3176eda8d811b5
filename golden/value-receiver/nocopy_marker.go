package shapes

type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

type handle struct {
	_  noCopy
	fd int
}

func (h *handle) num() int { return h.fd }
