package golden

import f "fmt"

// Table uses fmt under another name: the qualifier is kept.
func Table(cells map[string]int, keys []string) string {
	var s string
	for _, k := range keys {
		s += f.Sprintf("%s\t%d\n", k, cells[k])
	}
	return s
}
