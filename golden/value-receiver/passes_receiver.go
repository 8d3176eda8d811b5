package shapes

type item struct{ id int }

var seen = map[*item]bool{}

func mark(i *item) { seen[i] = true }

func (i *item) visit() { mark(i) }
