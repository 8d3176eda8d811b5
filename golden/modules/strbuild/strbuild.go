// Package strbuild renders small reports by growing strings in loops: the patterns the
// strings-builder transform rewrites, and that `go fix -stringsbuilder` rewrites too.
package strbuild

import (
	"fmt"
	"strconv"
)

// Item is one line of an inventory.
type Item struct {
	SKU   string
	Name  string
	Count int
	Price float64
}

// Join concatenates the words with a separator after each: `s += w + sep`.
func Join(words []string, sep string) string {
	s := ""
	for _, w := range words {
		s += w + sep
	}
	return s
}

// Inventory formats one line per item with fmt.Sprintf.
func Inventory(items []Item) string {
	s := "inventory\n"
	for _, it := range items {
		s += fmt.Sprintf("%-8s %-20s %5d %9.2f\n", it.SKU, it.Name, it.Count, it.Price)
	}
	return s
}

// CSV writes one record per item: a chain of several operands per iteration.
func CSV(items []Item) string {
	var out string
	for _, it := range items {
		out += it.SKU + "," + it.Name + "," + strconv.Itoa(it.Count) + "\n"
	}
	return out
}

// Initials keeps the first rune of every word, upper-cased words only.
func Initials(text string) string {
	out := ""
	start := true
	for _, r := range text {
		if start && r >= 'A' && r <= 'Z' {
			out += string(r)
		}
		start = r == ' '
	}
	return out
}

// Hex renders bytes as hex pairs separated by colons, with Sprintf per byte.
func Hex(data []byte) string {
	s := ""
	for i, b := range data {
		if i > 0 {
			s += ":"
		}
		s += fmt.Sprintf("%02x", b)
	}
	return s
}
