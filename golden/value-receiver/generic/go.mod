module generic

go 1.21
