package shapes

// Vec and Len are exported: the rewrite is proposed, and the transform's documentation
// says what to review (another package asserting Len on Vec values it holds in interfaces).
type Vec struct{ X, Y float64 }

func (v *Vec) Len() float64 { return v.X*v.X + v.Y*v.Y }
