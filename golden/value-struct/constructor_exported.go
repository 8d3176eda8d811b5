package tables

type window struct{ w, h int }

// Exported: callers in other packages may keep the pointer.
func NewWindow(w, h int) *window {
	return &window{w: w, h: h}
}
