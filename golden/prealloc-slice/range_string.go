package cases

// Runes ranges over a string: len(s) bytes is an upper bound on its runes.
func Runes(s string) []rune {
	runes := []rune{}
	for _, r := range s {
		runes = append(runes, r)
	}
	return runes
}
