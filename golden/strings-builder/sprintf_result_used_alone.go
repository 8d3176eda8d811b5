package golden

import "fmt"

// Labels formats one string per item, used on its own each iteration: not string
// building, so neither a rewrite nor a finding.
func Labels(ids []int, emit func(string)) []string {
	var out []string
	for _, id := range ids {
		out = append(out, fmt.Sprintf("item-%d", id))
		emit(fmt.Sprintf("seen %d", id))
		label := fmt.Sprintf("#%d", id)
		emit(label)
	}
	return out
}
