package shapes

type counter struct{ hits int }

func (c *counter) value() int { return c.hits }

func (c *counter) inc() { c.hits++ }
