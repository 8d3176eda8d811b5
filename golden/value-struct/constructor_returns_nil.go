package tables

type limit struct{ max int }

func newLimit(max int) *limit {
	if max <= 0 {
		return nil
	}
	return &limit{max: max}
}

func cap10() int {
	l := newLimit(10)
	return l.max
}
