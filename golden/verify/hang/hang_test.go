package hang

import (
	"testing"
	"time"
)

func TestFill(t *testing.T) {
	if got := Fill(3); len(got) != 3 || got[2] != 2 {
		t.Fatalf("Fill = %v", got)
	}
}

func TestGrow(t *testing.T) {
	if got := Grow(3); len(got) != 3 || got[2] != 4 {
		t.Fatalf("Grow = %v", got)
	}
}

// BenchmarkFill stands for a benchmark that deadlocks once it runs for real: a single
// iteration (what coverage runs) returns, any longer run never does.
func BenchmarkFill(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Fill(100)
	}
	if b.N > 1 {
		time.Sleep(time.Hour)
	}
}

func BenchmarkGrow(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Grow(100)
	}
}
