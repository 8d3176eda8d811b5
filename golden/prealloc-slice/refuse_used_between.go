package cases

// WithHeader appends before the loop: the slice is used between declaration and loop.
func WithHeader(rows []string) []string {
	var out []string
	out = append(out, "header")
	for _, r := range rows {
		out = append(out, r)
	}
	return out
}
