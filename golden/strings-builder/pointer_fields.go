package golden

import "strconv"

type Node struct {
	Name string
	Hits int
}

func (n *Node) Label() string {
	n.Hits++
	return strconv.Itoa(n.Hits)
}

// Labels does not split: n.Label() may change n.Name, which Go reads after the call.
func Labels(nodes []*Node) string {
	s := ""
	for _, n := range nodes {
		s += n.Name + n.Label()
	}
	return s
}
