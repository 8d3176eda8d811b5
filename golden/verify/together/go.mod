module example.com/together

go 1.21
