package cases

type Order struct {
	ID   int
	Item string
}

// ByID indexes the orders by id, starting from an empty map literal.
func ByID(orders []Order) map[int]Order {
	index := map[int]Order{}
	for _, o := range orders {
		index[o.ID] = o
	}
	return index
}
