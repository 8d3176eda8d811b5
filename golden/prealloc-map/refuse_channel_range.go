package cases

// Collect ranges over a channel.
func Collect(ch chan string) map[string]bool {
	seen := map[string]bool{}
	for s := range ch {
		seen[s] = true
	}
	return seen
}
