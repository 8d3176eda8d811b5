package shapes

type clock struct{ now int }

// The closure reads the clock later, through the pointer.
func (c *clock) reader() func() int {
	return func() int { return c.now }
}
