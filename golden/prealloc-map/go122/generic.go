package cases

// Index is generic: the map type is copied as written.
func Index[K comparable, V any](keys []K, value func(K) V) map[K]V {
	index := make(map[K]V)
	for _, k := range keys {
		index[k] = value(k)
	}
	return index
}
