package golden

// Pairs renders key=value pairs, one operand per WriteString.
func Pairs(keys, values []string, sep string) string {
	var out string
	for i, k := range keys {
		out += k + "=" + values[i] + sep
	}
	return out
}
