package cases

// Deferred writes from a closure made in the loop.
func Deferred(keys []string) map[string]bool {
	m := map[string]bool{}
	fns := make([]func(), 0, len(keys))
	for _, k := range keys {
		k := k
		fns = append(fns, func() { m[k] = true })
	}
	for _, f := range fns {
		f()
	}
	return m
}
