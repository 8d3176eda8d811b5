package cases

// Latest writes and deletes: at most one write per iteration.
func Latest(keys []string, drop string) map[string]int {
	latest := make(map[string]int)
	for i, k := range keys {
		latest[k] = i
		delete(latest, drop)
	}
	return latest
}
