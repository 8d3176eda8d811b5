package tables

type flag struct{ on bool }

func newFlag() *flag {
	return &flag{on: true}
}

func enabled() bool {
	var f *flag = newFlag()
	return f.on
}
