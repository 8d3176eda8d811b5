package cases

type Item struct {
	Key   string
	Value int
}

type Inventory struct {
	items []Item
}

// Index ranges over a field whose type the package's source declares.
func (inv *Inventory) Index() map[string]int {
	index := map[string]int{}
	for _, it := range inv.items {
		index[it.Key] = it.Value
	}
	return index
}
