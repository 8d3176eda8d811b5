package cases

import "strings"

type Doc struct {
	words []string
}

// Index has a statement between the declaration and the loop, which ranges over a field
// read through a pointer: computing len(d.words) at the declaration would move that read.
func (d *Doc) Index(sep string) map[string]int {
	index := map[string]int{}
	sep = strings.TrimSpace(sep)
	for i, w := range d.words {
		index[w+sep] = i
	}
	return index
}
