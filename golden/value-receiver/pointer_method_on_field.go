package shapes

type tally struct{ n int }

func (t *tally) add() { t.n++ }

type stats struct{ hits tally }

// hits.add has a pointer receiver: on a value receiver it would count into a copy.
func (s *stats) record() { s.hits.add() }
