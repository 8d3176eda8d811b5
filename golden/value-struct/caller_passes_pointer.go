package tables

type span2 struct{ a, b int }

func newSpan2(a, b int) *span2 {
	return &span2{a: a, b: b}
}

func width(s *span2) int { return s.b - s.a }

func measure() int { return width(newSpan2(2, 5)) }
