package tables

import "strings"

type token struct {
	text string
	kind int
}

// The loop and the calls keep the constructor too big to inline.
func newToken(s string) *token {
	s = strings.TrimSpace(s)
	for _, r := range s {
		if r >= '0' && r <= '9' {
			return &token{text: s, kind: 1}
		}
	}
	if strings.HasPrefix(s, "\"") && strings.HasSuffix(s, "\"") {
		return &token{text: strings.Trim(s, "\""), kind: 2}
	}
	return &token{text: strings.ToLower(s)}
}

func kinds(words []string) int {
	n := 0
	for _, w := range words {
		t := newToken(w)
		n += t.kind
	}
	return n
}
