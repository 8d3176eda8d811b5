package shapes

type dial struct{ pos int }

func (d *dial) angle() int { return d.pos * 30 }

type angler interface{ angle() int }

// The interface is the second type of its case: it is checked all the same.
func kindOf(x interface{}) int {
	switch x.(type) {
	case int, angler:
		return 1
	}
	return 0
}
