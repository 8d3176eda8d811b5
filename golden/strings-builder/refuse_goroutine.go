// refused: s is used in a closure or goroutine
package golden

import "sync"

// Gather reads the string from a goroutine.
func Gather(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p
	}
	var wg sync.WaitGroup
	var n int
	wg.Add(1)
	go func() {
		defer wg.Done()
		n = len(s)
	}()
	wg.Wait()
	_ = n
	return s
}
