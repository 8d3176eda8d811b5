package together

import "testing"

func numbers(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

// The two halves of a split may reserve at most 1.8 times the input between them.
func TestSplitMemoryBudget(t *testing.T) {
	in := numbers(100)
	if reserved := cap(Evens(in)) + cap(Odds(in)); reserved > 180 {
		t.Fatalf("halves reserve %d slots for 100 numbers, budget 180", reserved)
	}
}

func BenchmarkEvens(b *testing.B) {
	in := numbers(100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Evens(in)
	}
}

func BenchmarkOdds(b *testing.B) {
	in := numbers(100)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Odds(in)
	}
}
