package main

import (
	"github.com/prometheus/client_golang/prometheus"
)

// storeCommands exports the database commands the store has sent, by
// command name: each is a round trip, and on the embedded store, which
// runs one command at a time, round trips are what a busy desk waits on.
type storeCommands struct {
	count func() map[string]int64
	desc  *prometheus.Desc
}

func newStoreCommands(count func() map[string]int64) *storeCommands {
	return &storeCommands{count: count, desc: prometheus.NewDesc("repairdesk_store_commands_total",
		"Database commands sent by the store (round trips), by command.", []string{"command"}, nil)}
}

func (c *storeCommands) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

func (c *storeCommands) Collect(ch chan<- prometheus.Metric) {
	for name, n := range c.count() {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.CounterValue, float64(n), name)
	}
}
