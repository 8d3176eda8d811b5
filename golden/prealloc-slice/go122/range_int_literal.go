package cases

// Digits ranges over a constant: never negative.
func Digits() []byte {
	var digits []byte
	for i := range 10 {
		digits = append(digits, byte('0'+i))
	}
	return digits
}
