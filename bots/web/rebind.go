package web

import (
	"net"
	"net/http"
	"strings"
)

// loopbackNames refuses a request that reached a loopback address under a
// name other than localhost. A page of another site can point its own
// name at 127.0.0.1 (DNS rebinding) and then talk to the chat as a page
// of "its own" origin, which the same-origin check cannot tell apart. A
// desk bound to another address answers any name: it is already warned
// that the chat has no login there.
func loopbackNames(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		local, _ := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
		if tcp, ok := local.(*net.TCPAddr); ok && tcp.IP.IsLoopback() && !localName(r.Host) {
			http.Error(w, "this chat answers only as localhost or by its address", http.StatusMisdirectedRequest)
			return
		}
		h.ServeHTTP(w, r)
	})
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
