package main

import (
	"context"
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/repairdesk/repairdesk/bots/web"
	"github.com/repairdesk/repairdesk/repo"
)

// opsRoutes are the endpoints for whoever runs the desk.
func opsRoutes(mux *http.ServeMux, db *repo.DB, m *metrics) {
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := db.Ping(ctx); err != nil {
			http.Error(w, "store unreachable: "+err.Error(), http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte("ready\n"))
	})
	// The figures say how busy the desk is and what it holds; on a
	// loopback address they are for this machine, under the web chat's
	// rule. A probe of health or readiness tells nothing and stays open.
	mux.Handle("GET /metrics", web.LocalOnly(promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})))
}
