package shapes

type link struct{ id int }

func (l *link) self() *link { return l }
