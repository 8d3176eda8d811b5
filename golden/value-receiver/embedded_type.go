package shapes

type base struct{ id int }

func (b *base) ident() int { return b.id }

// Embedding base by value: derived's method set would gain ident.
type derived struct {
	base
	name string
}
