package receiver

import "testing"

func TestNorm2(t *testing.T) {
	p := &point{X: 3, Y: 4}
	if got := p.Norm2(); got != 25 {
		t.Fatalf("Norm2 = %d, want 25", got)
	}
}

var sink int

func BenchmarkNorm2(b *testing.B) {
	points := []point{{1, 2}, {3, 4}, {5, 6}}
	for i := 0; i < b.N; i++ {
		sink += points[i%len(points)].Norm2()
	}
}
