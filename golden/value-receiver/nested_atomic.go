package shapes

import "sync/atomic"

type slot struct{ v atomic.Value }

// The atomic sits in a nested struct inside an array: still must not be copied.
type slots struct{ all [1]slot }

func (s *slots) get() interface{} { return s.all[0].v.Load() }
