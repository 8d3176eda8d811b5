package golden

import "strconv"

type Entry struct {
	Key   string
	Count int
}

// Report splits the chain: e is a struct held by value that no call can change.
func Report(entries []Entry) string {
	s := ""
	for _, e := range entries {
		s += e.Key + ": " + strconv.Itoa(e.Count) + "\n"
	}
	return s
}
