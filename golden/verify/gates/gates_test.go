package gates

import (
	"reflect"
	"testing"
)

func numbers(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func TestDoubles(t *testing.T) {
	if got := Doubles([]int{1, 2}); !reflect.DeepEqual(got, []int{2, 4}) {
		t.Fatalf("Doubles = %v", got)
	}
}

func TestEvens(t *testing.T) {
	if got := Evens([]int{1, 2, 3, 4}); !reflect.DeepEqual(got, []int{2, 4}) {
		t.Fatalf("Evens = %v", got)
	}
	if got := Evens(nil); got != nil {
		t.Fatalf("Evens(nil) = %#v, want nil", got)
	}
}

func TestSum(t *testing.T) {
	if got := Sum(numbers(4)); got != 6 {
		t.Fatalf("Sum = %d", got)
	}
}

func TestSquares(t *testing.T) {
	if got := Squares(3); !reflect.DeepEqual(got, []int{0, 1, 4}) {
		t.Fatalf("Squares = %v", got)
	}
}

func BenchmarkDoubles(b *testing.B) {
	in := numbers(300)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Doubles(in)
	}
}

func BenchmarkEvens(b *testing.B) {
	in := numbers(300)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Evens(in)
	}
}

var sink int

func BenchmarkSum(b *testing.B) {
	in := numbers(300)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sink += Sum(in)
	}
}
