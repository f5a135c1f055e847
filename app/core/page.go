package core

// MaxPageSize caps every list page.
const MaxPageSize = 100

// MaxPageNumber is the last page a list may be asked for: (page-1)*size must neither overflow
// nor make the database skip more rows than any list holds.
const MaxPageNumber = 100000

// Page selects one page of a list.
type Page struct {
	Number int
	Size   int
}

// NewPage builds a page from request values: page 1 and 20 items by default, at most MaxPageSize
// items and page MaxPageNumber.
func NewPage(number, size int) Page {
	switch {
	case number < 1:
		number = 1
	case number > MaxPageNumber:
		number = MaxPageNumber
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
