// refused: log is a package-level variable
package golden

var log string

// Record appends to a package-level string: other functions see it, so it stays.
func Record(events []string) {
	for _, e := range events {
		log += e + "\n"
	}
}
