package shapes

type celsius struct{ deg float64 }

func (c *celsius) fahrenheit() float64 { return c.deg*9/5 + 32 }

type gauge struct{ level float64 }

func (g *gauge) set(v float64) { g.level = v }

func (g *gauge) get() float64 { return g.level }
