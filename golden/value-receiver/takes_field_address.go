package shapes

type box struct{ v int }

func (b *box) ref() *int { return &b.v }
