package shapes

type job struct{ state int }

var reported int

func (j *job) report() { reported = j.state }

// The deferred call reads the final state; a value receiver is copied at the defer.
func run(j *job) {
	defer j.report()
	j.state = 2
}
