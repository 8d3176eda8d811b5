package shapes

import "fmt"

type label struct{ name string }

// With a value receiver, fmt.Println(label{...}) would start calling String.
func (l *label) String() string { return fmt.Sprintf("<%s>", l.name) }
