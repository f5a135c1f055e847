// Command testcount keeps the score of `make test`. Fed `go test -json` on stdin, it prints what
// a plain `go test` prints (each package's ok/FAIL line, the output of failing tests, and each
// skipped test with its reason) and adds a line of counts under a label to a summary file. It
// also reads the JSON reports of Vitest and Playwright, and the page table of the Lighthouse run,
// into the same file, and prints the file with a total at the end of the run.
//
//	go test -json ./... | testcount -label sqlite -summary bin/test-summary.txt
//	testcount -label ui-unit -vitest bin/vitest.json -summary bin/test-summary.txt
//	testcount -label e2e -playwright bin/playwright.json -summary bin/test-summary.txt
//	testcount -label lighthouse -lighthouse bin/lighthouse.json -summary bin/test-summary.txt
//	testcount -report -summary bin/test-summary.txt
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// counts is one line of the summary.
type counts struct {
	Label                   string
	Passed, Failed, Skipped int
}

func (c counts) String() string {
	return fmt.Sprintf("%s: %d passed, %d failed, %d skipped", c.Label, c.Passed, c.Failed, c.Skipped)
}

func main() {
	label := flag.String("label", "go", "name of this run in the summary")
	summary := flag.String("summary", "", "file the counts are appended to")
	vitest := flag.String("vitest", "", "read a Vitest JSON report instead of go test -json")
	playwright := flag.String("playwright", "", "read a Playwright JSON report instead of go test -json")
	lighthouse := flag.String("lighthouse", "", "read the Lighthouse run's page table instead of go test -json")
	report := flag.Bool("report", false, "print the summary file with a total and fail if anything failed")
	flag.Parse()
	if err := run(*label, *summary, *vitest, *playwright, *lighthouse, *report); err != nil {
		fmt.Fprintln(os.Stderr, "testcount:", err)
		os.Exit(1)
	}
}

func run(label, summary, vitest, playwright, lighthouse string, report bool) error {
	if report {
		return printReport(summary)
	}
	var c counts
	var err error
	switch {
	case vitest != "":
		c, err = readVitest(vitest)
	case playwright != "":
		c, err = readPlaywright(playwright)
	case lighthouse != "":
		c, err = readLighthouse(lighthouse)
	default:
		c, err = readGoTest(os.Stdin, os.Stdout)
	}
	if errors.Is(err, os.ErrNotExist) {
		// The runner stopped before writing its report (no tests found, a crash): a failure.
		fmt.Fprintf(os.Stderr, "testcount: %s: no report (%v)\n", label, err)
		c, err = counts{Failed: 1}, nil
	}
	if err != nil {
		return err
	}
	c.Label = label
	fmt.Println(c)
	if summary != "" {
		f, err := os.OpenFile(summary, os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(f, c)
		if err := errors.Join(err, f.Close()); err != nil {
			return err
		}
	}
	if c.Failed > 0 {
		return fmt.Errorf("%s: %d failed", label, c.Failed)
	}
	if c.Passed == 0 {
		return fmt.Errorf("%s: no test ran", label)
	}
	return nil
}

// event is one line of `go test -json`.
type event struct {
	Action     string
	Package    string
	ImportPath string // build events
	Test       string
	Output     string
}

// readGoTest counts the tests (subtests included) and echoes the lines a plain run shows.
func readGoTest(in io.Reader, out io.Writer) (counts, error) {
	var c counts
	held := map[string][]string{} // output of running tests, shown if they fail
	failedPkg := map[string]bool{}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for sc.Scan() {
		var e event
		if err := json.Unmarshal(sc.Bytes(), &e); err != nil {
			fmt.Fprintln(out, sc.Text()) // not JSON: a message from the go command itself
			continue
		}
		key := e.Package + " " + e.Test
		switch {
		case e.Action == "build-output":
			fmt.Fprint(out, e.Output)
		case e.Action == "build-fail":
			c.Failed++
		case e.Test == "":
			if e.Action == "output" && !strings.HasPrefix(e.Output, "=== ") && e.Output != "PASS\n" {
				fmt.Fprint(out, e.Output)
			}
			if e.Action == "fail" && !failedPkg[e.Package] {
				c.Failed++ // the package failed without a failing test: a panic, a timeout, TestMain
			}
		case e.Action == "output":
			held[key] = append(held[key], e.Output)
		case e.Action == "pass":
			c.Passed++
			delete(held, key)
		case e.Action == "skip":
			c.Skipped++
			for _, line := range held[key] {
				if !strings.HasPrefix(line, "=== ") {
					fmt.Fprint(out, line)
				}
			}
			delete(held, key)
		case e.Action == "fail":
			c.Failed++
			failedPkg[e.Package] = true
			for _, line := range held[key] {
				fmt.Fprint(out, line)
			}
			delete(held, key)
		}
	}
	return c, sc.Err()
}

// readVitest reads Vitest's JSON reporter output (Jest's shape).
func readVitest(path string) (counts, error) {
	var r struct {
		NumPassedTests, NumFailedTests, NumPendingTests, NumTodoTests int
		Success                                                       bool
	}
	if err := readJSON(path, &r); err != nil {
		return counts{}, err
	}
	c := counts{Passed: r.NumPassedTests, Failed: r.NumFailedTests, Skipped: r.NumPendingTests + r.NumTodoTests}
	if !r.Success && c.Failed == 0 {
		c.Failed = 1 // a suite that failed to load
	}
	return c, nil
}

// readPlaywright reads Playwright's JSON reporter output.
func readPlaywright(path string) (counts, error) {
	var r struct {
		Stats  struct{ Expected, Unexpected, Skipped, Flaky int }
		Errors []any
	}
	if err := readJSON(path, &r); err != nil {
		return counts{}, err
	}
	return counts{Passed: r.Stats.Expected + r.Stats.Flaky, Failed: r.Stats.Unexpected + len(r.Errors), Skipped: r.Stats.Skipped}, nil
}

// readLighthouse reads the page table frontend/scripts/lighthouse.mjs writes: a page passes when
// its median run kept every budget.
func readLighthouse(path string) (counts, error) {
	var pages []struct{ Passed bool }
	if err := readJSON(path, &pages); err != nil {
		return counts{}, err
	}
	var c counts
	for _, p := range pages {
		if p.Passed {
			c.Passed++
		} else {
			c.Failed++
		}
	}
	return c, nil
}

func readJSON(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// printReport prints the summary file and a total line.
func printReport(summary string) error {
	b, err := os.ReadFile(summary)
	if err != nil {
		return err
	}
	total := counts{Label: "total"}
	fmt.Println("==> test counts")
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var c counts
		if _, err := fmt.Sscanf(line, "%s %d passed, %d failed, %d skipped", &c.Label, &c.Passed, &c.Failed, &c.Skipped); err != nil {
			return fmt.Errorf("summary line %q: %w", line, err)
		}
		fmt.Println("   ", line)
		total.Passed += c.Passed
		total.Failed += c.Failed
		total.Skipped += c.Skipped
	}
	fmt.Println(total)
	if total.Failed > 0 {
		return fmt.Errorf("%d tests failed", total.Failed)
	}
	return nil
}
