package tables

type meter2 struct{ v int }

func newMeter2() *meter2 {
	return &meter2{}
}

func (m *meter2) reset() { m.v = 0 }

// Calling a pointer method on the call's result needs an addressable value.
func zero() { newMeter2().reset() }
