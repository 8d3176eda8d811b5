package golden

import "strconv"

// List appends before and after the loop too; every append becomes a write.
func List(xs []int) string {
	var s = "["
	for i, x := range xs {
		if i > 0 {
			s += ", "
		}
		s += strconv.Itoa(x)
	}
	s += "]"
	return s
}
