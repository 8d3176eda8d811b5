package cases

// Drain ranges over a channel: how many values arrive is not known before the loop.
func Drain(ch chan int) []int {
	var out []int
	for v := range ch {
		out = append(out, v)
	}
	return out
}
