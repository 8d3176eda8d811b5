package tables

type matrix struct{ m [16]float64 }

func newMatrix() *matrix {
	return &matrix{}
}

func trace() float64 {
	m := newMatrix()
	return m.m[0] + m.m[5] + m.m[10] + m.m[15]
}
