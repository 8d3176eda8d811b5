module example.com/valuestruct

go 1.21
