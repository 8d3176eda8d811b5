package shapes

type span struct {
	start, end int32
}

func (s span) empty() bool { return s.start == s.end }

// length already has a sibling value method; converting it removes the mixed receivers.
func (s *span) length() int32 {
	if s.empty() {
		return 0
	}
	return s.end - s.start
}
