// refused: the type of p is not certainly string
package golden

type Path string

// Build grows a named string type: a Builder would change its type and methods.
func Build(parts []string) Path {
	p := Path("/")
	for _, part := range parts {
		p += Path(part) + "/"
	}
	return p
}
