package tables

type unit struct{ name string }

func newUnit() *unit {
	return &unit{name: "m"}
}

var factory = newUnit
