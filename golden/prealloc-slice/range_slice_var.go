package cases

type Order struct {
	ID    int
	Price int
}

// IDs starts from a nil slice: it must stay nil when there are no orders, so the capacity
// is given behind a guard (no go.mod here: go 1.16, before package slices).
func IDs(orders []Order) []int {
	var ids []int
	for _, o := range orders {
		ids = append(ids, o.ID)
	}
	return ids
}
