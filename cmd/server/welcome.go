package main

import (
	"cqshare/app/seed"
	"fmt"
	"io"
	"net"
	"text/tabwriter"
)

// printWelcome tells the person who started the server where to open it and, when the demo data
// is loaded, how to sign in.
func printWelcome(w io.Writer, addr string, demo bool) {
	fmt.Fprintf(w, "\n  cqshare is serving on %s  (API docs: %[1]s/api/docs)\n", browserURL(addr))
	if !demo {
		fmt.Fprintln(w)
		return
	}
	fmt.Fprintf(w, "\n  Demo accounts, all with the password %s:\n", seed.DemoPassword)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, d := range seed.DemoAccounts {
		fmt.Fprintf(tw, "    %s\t%s\t%s\n", d.Email, d.Role, d.About)
	}
	_ = tw.Flush()
	fmt.Fprintln(w)
}

// browserURL turns a listen address into a URL a browser on this machine can open.
func browserURL(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}
