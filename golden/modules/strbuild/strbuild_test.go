package strbuild

import (
	"strings"
	"testing"
)

func sampleItems(n int) []Item {
	items := make([]Item, n)
	for i := range items {
		items[i] = Item{
			SKU:   "SKU" + strings.Repeat("x", i%3),
			Name:  "widget number " + string(rune('a'+i%26)),
			Count: i * 7,
			Price: float64(i) * 1.25,
		}
	}
	return items
}

func sampleWords(n int) []string {
	words := make([]string, n)
	for i := range words {
		words[i] = "word" + string(rune('a'+i%26))
	}
	return words
}

func TestJoin(t *testing.T) {
	if got := Join([]string{"a", "bc", ""}, ";"); got != "a;bc;;" {
		t.Fatalf("Join = %q", got)
	}
	if got := Join(nil, ";"); got != "" {
		t.Fatalf("Join(nil) = %q", got)
	}
}

func TestInventory(t *testing.T) {
	got := Inventory([]Item{{SKU: "A1", Name: "bolt", Count: 3, Price: 0.5}})
	want := "inventory\nA1       bolt                     3      0.50\n"
	if got != want {
		t.Fatalf("Inventory = %q, want %q", got, want)
	}
	if got := Inventory(nil); got != "inventory\n" {
		t.Fatalf("Inventory(nil) = %q", got)
	}
}

func TestCSV(t *testing.T) {
	got := CSV([]Item{{SKU: "A1", Name: "bolt", Count: 3}, {SKU: "B2", Name: "nut", Count: 12}})
	if got != "A1,bolt,3\nB2,nut,12\n" {
		t.Fatalf("CSV = %q", got)
	}
}

func TestInitials(t *testing.T) {
	if got := Initials("Go Is Fun, éh Ünd Yes"); got != "GIFY" {
		t.Fatalf("Initials = %q", got)
	}
}

func TestHex(t *testing.T) {
	if got := Hex([]byte{0, 0xab, 0x10}); got != "00:ab:10" {
		t.Fatalf("Hex = %q", got)
	}
	if got := Hex(nil); got != "" {
		t.Fatalf("Hex(nil) = %q", got)
	}
}

var sink string

func BenchmarkJoin(b *testing.B) {
	words := sampleWords(64)
	for i := 0; i < b.N; i++ {
		sink = Join(words, ", ")
	}
}

func BenchmarkInventory(b *testing.B) {
	items := sampleItems(64)
	for i := 0; i < b.N; i++ {
		sink = Inventory(items)
	}
}

func BenchmarkCSV(b *testing.B) {
	items := sampleItems(64)
	for i := 0; i < b.N; i++ {
		sink = CSV(items)
	}
}

// Records longer than 32 bytes: the concatenation go fix keeps no longer fits the
// compiler's stack buffer, so it allocates once per record.
func BenchmarkCSVWide(b *testing.B) {
	items := sampleItems(64)
	for i := range items {
		items[i].Name = "stainless steel hex bolt, M8 x 40 mm, box of " + items[i].Name
	}
	for i := 0; i < b.N; i++ {
		sink = CSV(items)
	}
}

func BenchmarkInitials(b *testing.B) {
	text := strings.Repeat("Alpha Beta gamma Delta ", 16)
	for i := 0; i < b.N; i++ {
		sink = Initials(text)
	}
}

func BenchmarkHex(b *testing.B) {
	data := make([]byte, 64)
	for i := range data {
		data[i] = byte(i * 37)
	}
	for i := 0; i < b.N; i++ {
		sink = Hex(data)
	}
}
