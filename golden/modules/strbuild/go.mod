module example.com/strbuild

go 1.22
