package tables

type request struct{ path string }

var handled []*request

func handle(r *request) { handled = append(handled, r) }

func serve(path string) {
	r := &request{path: path}
	handle(r)
}
