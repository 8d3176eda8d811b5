package cases

// Prefixes counts to len(words): never negative, so no guard.
func Prefixes(words []string) []string {
	prefixes := []string{}
	for i := 0; i < len(words); i++ {
		prefixes = append(prefixes, words[i][:1])
	}
	return prefixes
}
