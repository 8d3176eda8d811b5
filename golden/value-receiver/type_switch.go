package shapes

type meter struct{ v int }

func (m *meter) reading() int { return m.v }

// A meter value in an interface does not match this case today; it would after.
func describe(x interface{}) string {
	switch x.(type) {
	case interface{ reading() int }:
		return "reader"
	}
	return "other"
}
