package points

import "testing"

func TestDistance(t *testing.T) {
	cases := map[string]int{"3,4": 7, " -2, 5 ": 7, "7": 0, "x,1": 0, "4,y": 4}
	for in, want := range cases {
		if got := Distance(in); got != want {
			t.Errorf("Distance(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestSumX(t *testing.T) {
	if got := SumX([]string{"1,2", "3,4", "bad"}); got != 4 {
		t.Errorf("SumX = %d, want 4", got)
	}
}

func BenchmarkDistance(b *testing.B) {
	for i := 0; i < b.N; i++ {
		Distance("12,-34")
	}
}
