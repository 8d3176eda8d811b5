// Package points parses "x,y" pairs. parsePoint returns a pointer only out of habit:
// every caller reads the fields and lets it go, yet each call allocates.
package points

import (
	"strconv"
	"strings"
)

type point struct{ x, y int }

func (p point) manhattan() int { return abs(p.x) + abs(p.y) }

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// parsePoint is too large to inline, so its &point{...} escapes on every call.
func parsePoint(s string) *point {
	s = strings.TrimSpace(s)
	comma := strings.IndexByte(s, ',')
	if comma < 0 {
		return &point{}
	}
	x, err := strconv.Atoi(strings.TrimSpace(s[:comma]))
	if err != nil {
		return &point{}
	}
	y, err := strconv.Atoi(strings.TrimSpace(s[comma+1:]))
	if err != nil {
		return &point{x: x}
	}
	return &point{x: x, y: y}
}

// Distance is the Manhattan distance of "x,y" from the origin (0 when it does not parse).
func Distance(s string) int {
	p := parsePoint(s)
	return p.manhattan()
}

// SumX adds the x of every pair.
func SumX(pairs []string) int {
	total := 0
	for _, s := range pairs {
		total += parsePoint(s).x
	}
	return total
}
