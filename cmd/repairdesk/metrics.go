package main

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/notice"
)

// metrics are what /metrics exports.
type metrics struct {
	reg      *prometheus.Registry
	updates  *prometheus.CounterVec
	steps    *prometheus.HistogramVec
	sends    *prometheus.CounterVec
	failures *prometheus.CounterVec
}

// rejection is a platform's count of the requests it refused at its
// door: webhook posts without the secret, events with a bad signature.
// A rising count is someone probing the desk's public URLs, or a secret
// that no longer matches the platform's.
type rejection struct {
	platform string
	count    func() int64
}

// newMetrics registers the desk's metrics. The counters of each platform
// start at zero, so that a rate or an alert on failures has a series to
// read before the first failure.
func newMetrics(svc *desk.Service, d *notice.Dispatcher, commands func() map[string]int64, platforms []string, rejected ...rejection) *metrics {
	m := &metrics{
		reg: prometheus.NewRegistry(),
		updates: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "repairdesk_updates_total", Help: "Inputs handled, by platform.",
		}, []string{"platform"}),
		steps: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "repairdesk_step_seconds", Help: "Time to answer one input (engine and store).",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
		}, []string{"platform"}),
		sends: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "repairdesk_notices_sent_total", Help: "Notices delivered, by platform.",
		}, []string{"platform"}),
		failures: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "repairdesk_notices_failed_total", Help: "Failed notice deliveries (retried), by platform.",
		}, []string{"platform"}),
	}
	pending := prometheus.NewGaugeFunc(prometheus.GaugeOpts{
		Name: "repairdesk_notices_pending", Help: "Notices owed at the dispatcher's last pass.",
	}, func() float64 { return float64(d.Pending()) })
	for _, p := range platforms {
		m.updates.WithLabelValues(p)
		m.sends.WithLabelValues(p)
		m.failures.WithLabelValues(p)
	}
	m.reg.MustRegister(m.updates, m.steps, m.sends, m.failures, pending, &ticketCollector{svc: svc}, newStoreCommands(commands),
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	for _, r := range rejected {
		// The adapter keeps the count; the metric reads it when scraped.
		m.reg.MustRegister(prometheus.NewCounterFunc(prometheus.CounterOpts{
			Name: "repairdesk_requests_rejected_total", Help: "HTTP requests a platform's adapter refused (bad secret or signature), by platform.",
			ConstLabels: prometheus.Labels{"platform": r.platform},
		}, func() float64 { return float64(r.count()) }))
	}
	return m
}

// observeStep is the engine's StepObserver.
func (m *metrics) observeStep(platform string, d time.Duration) {
	m.updates.WithLabelValues(platform).Inc()
	m.steps.WithLabelValues(platform).Observe(d.Seconds())
}

// observeSend is the dispatcher's OnResult.
func (m *metrics) observeSend(platform string, err error) {
	if err != nil {
		m.failures.WithLabelValues(platform).Inc()
		return
	}
	m.sends.WithLabelValues(platform).Inc()
}

// ticketCollector counts tickets by state when scraped: live tickets by
// reading the (small) live collection, finished ones from the totals.
type ticketCollector struct{ svc *desk.Service }

var ticketsDesc = prometheus.NewDesc("repairdesk_tickets", "Tickets by state.", []string{"state"}, nil)

func (c *ticketCollector) Describe(ch chan<- *prometheus.Desc) { ch <- ticketsDesc }

func (c *ticketCollector) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	st, err := c.svc.Summary(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(ticketsDesc, err)
		return
	}
	for _, s := range desk.States {
		ch <- prometheus.MustNewConstMetric(ticketsDesc, prometheus.GaugeValue, float64(st.ByState[s]), string(s))
	}
}
