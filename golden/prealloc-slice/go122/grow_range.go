package cases

import (
	"fmt"
	"strings"
)

// Labels starts from a nil slice in a go 1.22 module: slices.Grow keeps it nil when the
// loop does not run; "slices" joins the import block in sorted position.
func Labels(ids []int) string {
	var labels []string
	for _, id := range ids {
		labels = append(labels, fmt.Sprint(id))
	}
	return strings.Join(labels, ",")
}
