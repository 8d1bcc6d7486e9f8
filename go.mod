module github.com/gatewatch/gatewatch

go 1.26
