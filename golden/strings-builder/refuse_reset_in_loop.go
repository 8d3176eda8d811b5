// refused: line is assigned other than by appending
package golden

// Chunks resets the string inside the loop.
func Chunks(words []string, width int) []string {
	var out []string
	line := ""
	for _, w := range words {
		line += w
		if len(line) >= width {
			out = append(out, line)
			line = ""
		}
	}
	return out
}
