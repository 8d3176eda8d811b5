package cases

// Keys ranges over a value of a type parameter.
func Keys[M ~map[K]V, K comparable, V any](m M) map[K]bool {
	keys := map[K]bool{}
	for k := range m {
		keys[k] = true
	}
	return keys
}
