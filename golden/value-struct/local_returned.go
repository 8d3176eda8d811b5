package tables

type config struct{ port int }

func defaults() *config {
	c := &config{port: 80}
	c.port++
	return c
}
