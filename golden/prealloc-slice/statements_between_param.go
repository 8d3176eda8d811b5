package cases

import "strings"

// Tagged has a statement between the declaration and the loop; the loop ranges over a
// parameter, declared before the slice, so the capacity can be given at the declaration.
func Tagged(words []string, tag string) []string {
	tagged := []string{}
	tag = strings.ToUpper(tag)
	for _, w := range words {
		tagged = append(tagged, tag+w)
	}
	return tagged
}
