package golden

import (
	"fmt"
	"os"
)

// Dump uses Sprint and Sprintln; a multi-line call keeps its layout.
func Dump(values []interface{}) string {
	var s string
	for i, v := range values {
		s += fmt.Sprint(i, ": ", v)
		s += fmt.Sprintln(
			" type",
			fmt.Sprintf("%T", v),
		)
	}
	fmt.Fprintln(os.Stderr, len(s))
	return s
}
