package cases

// IDList is a named slice type: its underlying type is read from this package.
type IDList []int

// Strings ranges over a parameter of the named slice type.
func Strings(ids IDList) []string {
	var out []string
	for _, id := range ids {
		out = append(out, string(rune('a'+id)))
	}
	return out
}
