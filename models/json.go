package models

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
)

// JSONColumn stores a value as JSON text in one column.
type JSONColumn[T any] struct{ V T }

// Value encodes the value for the database.
func (j JSONColumn[T]) Value() (driver.Value, error) {
	b, err := json.Marshal(j.V)
	return string(b), err
}

// Scan decodes the value read from the database.
func (j *JSONColumn[T]) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case string:
		b = []byte(v)
	case []byte:
		b = v
	case nil:
		return nil
	default:
		return fmt.Errorf("JSONColumn: cannot scan %T", src)
	}
	return json.Unmarshal(b, &j.V)
}
