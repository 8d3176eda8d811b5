package cases

// Numbered reads len(out) and out[i] in the loop: neither sees the capacity.
func Numbered(words []string) []string {
	out := []string{}
	for _, w := range words {
		if len(out) > 0 && out[len(out)-1] == w {
			continue
		}
		out = append(out, w)
	}
	return out
}
