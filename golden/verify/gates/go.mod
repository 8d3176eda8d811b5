module example.com/gates

go 1.21
