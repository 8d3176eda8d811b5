package tables

type watcher struct{ id int }

var watching []*watcher

// register keeps its receiver, so a value w would be moved to the heap anyway.
func (w *watcher) register() { watching = append(watching, w) }

func watch(id int) int {
	w := &watcher{id: id}
	w.register()
	return w.id
}
