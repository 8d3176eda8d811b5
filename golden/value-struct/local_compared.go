package tables

type sample struct{ v float64 }

var last *sample

func same(v float64) bool {
	s := &sample{v: v}
	return s == last
}
