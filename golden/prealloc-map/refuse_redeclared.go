package cases

// Shadow declares another m inside the loop.
func Shadow(keys []string) map[string]int {
	m := map[string]int{}
	for i, k := range keys {
		m[k] = i
		if i > 2 {
			m := map[string]int{k: i}
			_ = m
		}
	}
	return m
}
