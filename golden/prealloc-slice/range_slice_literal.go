package cases

import "strings"

// Upper starts from an empty, non-nil slice: make keeps it non-nil.
func Upper(words []string) []string {
	out := []string{}
	for _, w := range words {
		out = append(out, strings.ToUpper(w))
	}
	return out
}
