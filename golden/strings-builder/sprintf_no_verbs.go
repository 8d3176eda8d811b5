package golden

import "fmt"

// Rule draws a line: a Sprintf without verbs is a plain WriteString, and fmt goes.
func Rule(n int) string {
	s := ""
	for i := 0; i < n; i++ {
		s += fmt.Sprintf("-")
	}
	return s
}
