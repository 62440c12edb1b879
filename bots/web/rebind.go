package web

import (
	"net"
	"net/http"
	"strings"
)

// forwardingHeaders are the headers a reverse proxy adds to say where a
// request came from.
var forwardingHeaders = []string{"Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Real-IP"}

// LocalOnly lets through, on a loopback address, only requests made on
// this machine to this machine; on any other address it lets everything
// through, the desk having warned that the address is reachable.
//
// It refuses a request under a name other than localhost or an IP address:
// a page of another site can point its own name at 127.0.0.1 (DNS
// rebinding) and then talk to the server as a page of "its own" origin,
// which a same-origin check cannot tell apart. And it refuses a request
// that carries a proxy's forwarding headers: a reverse proxy on this
// machine that sends Host: 127.0.0.1 passes the name check, yet brings
// requests from anywhere. The web chat and /metrics share this rule.
func LocalOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		local, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
		if tcp, ok := local.(*net.TCPAddr); !ok || !tcp.IP.IsLoopback() {
			h.ServeHTTP(w, r)
			return
		}
		if !localName(r.Host) {
			http.Error(w, "this address answers only as localhost or by its IP address", http.StatusMisdirectedRequest)
			return
		}
		if forwarded(r.Header) {
			http.Error(w, "refused: this address is for this machine only, and the request came through a proxy", http.StatusForbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// forwarded reports whether a proxy has handled the request.
func forwarded(h http.Header) bool {
	for _, name := range forwardingHeaders {
		if len(h.Values(name)) > 0 {
			return true
		}
	}
	return false
}

// localName reports whether host (with or without a port) is an IP
// address, localhost, or a name under .localhost, which resolvers keep on
// this machine.
func localName(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(strings.Trim(host, "[]")), ".")
	return net.ParseIP(host) != nil || host == "localhost" || strings.HasSuffix(host, ".localhost")
}
