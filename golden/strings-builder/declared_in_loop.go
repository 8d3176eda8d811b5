package golden

// Greetings builds a short string inside the loop body, not across iterations:
// nothing accumulates, so it is left alone.
func Greetings(names []string) []string {
	var out []string
	for _, n := range names {
		g := "hello"
		g += ", " + n
		out = append(out, g)
	}
	return out
}
