package cases

// Pull ranges over an iterator function: how many values it yields is not known.
func Pull(seq func(yield func(int) bool)) []int {
	var out []int
	for v := range seq {
		out = append(out, v)
	}
	return out
}
