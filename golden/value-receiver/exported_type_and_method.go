package shapes

// Vec and Len are exported: another package could hold Vec values in an interface and
// assert Len, which would start to succeed.
type Vec struct{ X, Y float64 }

func (v *Vec) Len() float64 { return v.X*v.X + v.Y*v.Y }
