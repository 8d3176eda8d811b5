package tables

// table is 80 KB: too big for the compiler to put &table{} on the stack (the implicit
// limit is 64 KB), but a plain variable of that size still lives in the frame.
type table struct{ cells [10000]int64 }

func (t *table) total() int64 {
	var s int64
	for _, c := range t.cells {
		s += c
	}
	return s
}

func fill(n int) int64 {
	t := &table{}
	for i := 0; i < n && i < len(t.cells); i++ {
		t.cells[i] = int64(i)
	}
	return t.total()
}
