package cases

type Row struct {
	Name string
}

type Table struct {
	rows []Row
}

// Names ranges over a field whose type the package's source declares.
func (t *Table) Names() []string {
	names := []string{}
	for _, r := range t.rows {
		names = append(names, r.Name)
	}
	return names
}
