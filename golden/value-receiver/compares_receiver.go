package shapes

type opt struct{ v int }

// A nil check on the receiver: with a value receiver there is no nil to check.
func (o *opt) get() int {
	if o == nil {
		return 0
	}
	return o.v
}
