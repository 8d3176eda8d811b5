package cases

import "strings"

type Sheet struct {
	cells []string
}

// Upper has a statement between the declaration and the loop, and ranges over a field (which
// reads through a pointer that could be nil): the slice is made just before the loop.
func (s *Sheet) Upper(prefix string) []string {
	upper := []string{}
	prefix = strings.TrimSpace(prefix)
	for _, c := range s.cells {
		upper = append(upper, prefix+strings.ToUpper(c))
	}
	return upper
}
