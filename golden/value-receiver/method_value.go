package shapes

type temp struct{ deg int }

func (t *temp) show() int { return t.deg }

// f sees later changes to t through the pointer; a value receiver would be copied here.
func later(t *temp) int {
	f := t.show
	t.deg = 40
	return f()
}
