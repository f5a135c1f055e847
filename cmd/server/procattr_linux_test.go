package main

import (
	"os/exec"
	"syscall"
)

// dieWithTest makes the child process die with the test binary, even when a timeout kills the
// binary before its cleanups run.
func dieWithTest(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
