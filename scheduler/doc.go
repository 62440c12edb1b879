// Package scheduler runs the desk's timed jobs: it reminds and escalates
// tickets that wait too long, archives settled tickets, forgets old
// entries of the seen store and sends the supervisors' daily digest.
//
// Every job is a sweep over live tickets that decides from the stored
// ticket and the settings alone, so a run that is missed or repeated does
// no harm: the next run sees the same tickets and the same thresholds.
// Each reminder is recorded on its ticket by desk.Service.Remind, which
// fires a rule at most once per episode (a claim, a suspension request).
// A ticket of a queue with supervisors is escalated to them first, and
// to every supervisor once the threshold has passed again (queue.go).
//
// Several copies of the program may run against one database. Before a
// job runs for a tick, the copy claims the tick (Store.ClaimTick): one
// document per job holds its latest tick, moved forward only by a
// conditional write, so exactly one copy wins it and runs the job, on
// MongoDB and on the embedded store alike. Ticks are aligned to the clock
// (every minute on the minute by default), so every copy names the same
// tick the same way.
//
// Timers count working time (desk.WorkingTime) when the desk has working
// hours, so a fault reported late on Friday is not overdue on Saturday.
// The timers that measure a technician stop while the job waits for a
// suspension's review or is suspended. Pruning is housekeeping, not a
// promise to people, and counts plain time.
package scheduler
