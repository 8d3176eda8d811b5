package shapes

type failure struct{ code int }

func (f *failure) Error() string { return "failed" + string(rune('0'+f.code)) }
