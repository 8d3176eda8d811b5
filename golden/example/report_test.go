package report

import (
	"reflect"
	"testing"
)

func orders(n int) []Order {
	out := make([]Order, n)
	for i := range out {
		out[i] = Order{ID: i, Item: "widget", Price: i % 100}
	}
	return out
}

func TestIDs(t *testing.T) {
	if got := IDs(orders(3)); !reflect.DeepEqual(got, []int{0, 1, 2}) {
		t.Fatalf("IDs = %v", got)
	}
	if got := IDs(nil); got != nil {
		t.Fatalf("IDs(nil) = %#v, want nil", got)
	}
}

func TestExpensive(t *testing.T) {
	if got := Expensive(orders(5), 2); len(got) != 2 {
		t.Fatalf("Expensive = %v", got)
	}
	if got := Expensive(nil, 0); got == nil || len(got) != 0 {
		t.Fatalf("Expensive(nil) = %#v, want empty non-nil", got)
	}
}

func TestByID(t *testing.T) {
	if got := ByID(orders(4)); len(got) != 4 || got[3].ID != 3 {
		t.Fatalf("ByID = %v", got)
	}
}

func TestLines(t *testing.T) {
	if got := Lines(orders(2)); got != "0 widget 0\n1 widget 1\n" {
		t.Fatalf("Lines = %q", got)
	}
}

func TestNames(t *testing.T) {
	if got := Names(orders(3)); got != "widget,widget,widget" {
		t.Fatalf("Names = %q", got)
	}
}

func TestWithID(t *testing.T) {
	if got := WithID(orders(5), 3); len(got) != 1 || got[0].ID != 3 {
		t.Fatalf("WithID = %v", got)
	}
	if got := WithID(orders(5), 99); got != nil {
		t.Fatalf("WithID(missing) = %#v, want nil", got)
	}
}

func BenchmarkIDs(b *testing.B) {
	in := orders(200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		IDs(in)
	}
}

func BenchmarkExpensive(b *testing.B) {
	in := orders(200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Expensive(in, 50)
	}
}

func BenchmarkByID(b *testing.B) {
	in := orders(200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ByID(in)
	}
}

func BenchmarkLines(b *testing.B) {
	in := orders(50)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Lines(in)
	}
}

func BenchmarkNames(b *testing.B) {
	in := orders(50)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Names(in)
	}
}

func BenchmarkWithID(b *testing.B) {
	in := orders(200)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		WithID(in, 7)
	}
}
