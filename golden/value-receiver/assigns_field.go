package shapes

type cursor struct{ pos int }

func (c *cursor) at() int { return c.pos }

// seek assigns to the receiver: as a value receiver it would move a copy.
func (c *cursor) seek(p int) { c.pos = p }
