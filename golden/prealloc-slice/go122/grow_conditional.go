package cases

// Long filters into a nil slice: grown before the loop, reset to nil after it if nothing
// was kept.
func Long(words []string, min int) []string {
	var long []string
	for _, w := range words {
		if len(w) >= min {
			long = append(long, w)
		}
	}
	return long
}
