package golden

// Join converts each []byte with Write: no intermediate string.
func Join(chunks [][]byte) string {
	s := ""
	for _, c := range chunks {
		var p []byte = c
		s += string(p)
	}
	return s
}
