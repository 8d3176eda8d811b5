package shapes

type kind struct{ id int }

// Callable on a nil *kind today; a value receiver would dereference nil and panic.
func (*kind) name() string { return "kind" }
