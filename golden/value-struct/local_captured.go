package tables

type state struct{ n int }

func deferred() func() int {
	s := &state{n: 1}
	return func() int { return s.n }
}
