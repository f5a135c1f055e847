package core

// MaxPageSize caps every list page.
const MaxPageSize = 100

// Page selects one page of a list.
type Page struct {
	Number int
	Size   int
}

// NewPage builds a page from request values: page 1 and 20 items by default, at most MaxPageSize.
func NewPage(number, size int) Page {
	if number < 1 {
		number = 1
	}
	switch {
	case size < 1:
		size = 20
	case size > MaxPageSize:
		size = MaxPageSize
	}
	return Page{Number: number, Size: size}
}

// Offset is the number of items before the page.
func (p Page) Offset() int { return (p.Number - 1) * p.Size }
