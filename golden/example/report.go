// Package report formats order summaries. It is the bundled example for gocodemod: each
// function below holds an allocation pattern that gocodemod knows how to rewrite.
package report

import (
	"fmt"
	"strings"
)

// Order is one line of a customer's order.
type Order struct {
	ID    int
	Item  string
	Price int
}

// IDs collects the order ids; the slice grows (and reallocates) as it goes.
func IDs(orders []Order) []int {
	var ids []int
	for _, o := range orders {
		ids = append(ids, o.ID)
	}
	return ids
}

// Expensive keeps the orders above a price; the result may be shorter than the input.
func Expensive(orders []Order, limit int) []Order {
	out := []Order{}
	for _, o := range orders {
		if o.Price > limit {
			out = append(out, o)
		}
	}
	return out
}

// ByID indexes the orders by id.
func ByID(orders []Order) map[int]Order {
	index := make(map[int]Order)
	for _, o := range orders {
		index[o.ID] = o
	}
	return index
}

// Lines renders one line per order.
func Lines(orders []Order) string {
	s := ""
	for _, o := range orders {
		s += fmt.Sprintf("%d %s %d\n", o.ID, o.Item, o.Price)
	}
	return s
}

// Names joins the item names with commas.
func Names(orders []Order) string {
	var s string
	for i, o := range orders {
		if i > 0 {
			s += ","
		}
		s += o.Item
	}
	return strings.TrimSpace(s)
}

// WithID finds the orders with one id. There is usually exactly one, so sizing the result
// for every order buys nothing: gocodemod proposes it, and the benchmark rejects it.
func WithID(orders []Order, id int) []Order {
	var found []Order
	for _, o := range orders {
		if o.ID == id {
			found = append(found, o)
		}
	}
	return found
}

// Squares is never benchmarked: gocodemod cannot prove a rewrite here.
func Squares(n int) []int {
	var out []int
	for i := 0; i < n; i++ {
		out = append(out, i*i)
	}
	return out
}
