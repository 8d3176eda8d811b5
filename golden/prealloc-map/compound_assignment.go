package cases

// Totals adds into entries: one write per iteration, reads of the map allowed.
func Totals(names []string, amounts []int) map[string]int {
	totals := make(map[string]int)
	for i, name := range names {
		if _, ok := totals[name]; !ok && len(totals) > 100 {
			continue
		}
		totals[name] += amounts[i]
	}
	return totals
}
