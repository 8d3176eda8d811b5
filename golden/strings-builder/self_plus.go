package golden

// Lines writes `s = s + x + "\n"`: the leading s is the builder itself.
func Lines(lines []string) string {
	text := ""
	for i := 0; i < len(lines); i++ {
		text = text + lines[i] + "\n"
	}
	return text
}
