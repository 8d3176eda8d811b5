package golden

// Path keeps the initial value as the builder's first write.
func Path(root string, parts []string) string {
	p := root
	for _, part := range parts {
		p += "/" + part
	}
	return p
}
