package cases

// Fill writes one entry and hands the map to a function, which may add any number more.
func Fill(groups [][]string) map[string]int {
	m := map[string]int{}
	for _, g := range groups {
		m[g[0]] = 0
		add(m, g[1:])
	}
	return m
}

func add(m map[string]int, keys []string) {
	for _, k := range keys {
		m[k]++
	}
}
