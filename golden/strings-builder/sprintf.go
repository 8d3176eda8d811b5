package golden

import "fmt"

type Order struct {
	ID    int
	Item  string
	Price float64
}

// Receipt formats each order straight into the builder: fmt.Fprintf(&sb, ...).
func Receipt(orders []Order) string {
	s := "receipt\n"
	for _, o := range orders {
		s += fmt.Sprintf("%4d %-10s %8.2f\n", o.ID, o.Item, o.Price)
	}
	return s
}
