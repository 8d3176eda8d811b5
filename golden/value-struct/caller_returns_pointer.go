package tables

type pos struct{ line, col int }

func newPos(l, c int) *pos {
	return &pos{line: l, col: c}
}

func start() *pos { return newPos(1, 1) }
