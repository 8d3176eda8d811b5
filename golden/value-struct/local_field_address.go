package tables

type cell struct{ v int }

var ptrs []*int

func keep(v int) {
	c := &cell{v: v}
	ptrs = append(ptrs, &c.v)
}
