// Command openapi writes the API document the server serves (handlers/openapi/*.yaml merged and
// validated, as at /api/openapi.json) to a file, for the linters `make lint` runs on it.
//
//	go run ./scripts/openapi bin/openapi.json
package main

import (
	"fmt"
	"os"

	"cqshare/handlers"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: openapi FILE")
		os.Exit(2)
	}
	_, raw, err := handlers.OpenAPI()
	if err == nil {
		err = os.WriteFile(os.Args[1], raw, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "openapi:", err)
		os.Exit(1)
	}
}
