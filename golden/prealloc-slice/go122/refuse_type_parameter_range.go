package cases

// Collect ranges over a value of a type parameter: its core type is not read here.
func Collect[S ~[]E, E any](s S) []E {
	var out []E
	for _, e := range s {
		out = append(out, e)
	}
	return out
}
