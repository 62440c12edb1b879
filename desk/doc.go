// Package desk is the repair desk's domain: tickets and the five states they
// move through, the people who report and repair faults and the roles that
// decide what each may do, the settings and catalogues that shape a report,
// and the use cases (Service) that check permissions before changing
// anything.
//
// desk imports only the standard library. The interfaces it needs from the
// outside world (TicketStore, UserStore, ...) are declared here and
// implemented elsewhere, by MongoDB in package repo.
//
// Every change to a ticket is checked by the table of rules in action.go
// and applied by a pure function of the stored ticket, the actor and the
// time (change.go); the Service writes the result with one conditional
// update, so two people pressing the same button at once cannot both win.
// The notices a change owes (notice.go) are written in that same update.
// A ticket's priority (priority.go) picks the deadlines it is held to and
// its place in the lists; only a supervisor changes it.
//
// Dispatch queues (queue.go) send tickets of some problem types and zones
// to a team's chat; the queue is chosen when a ticket is reported and
// written with it.
//
// Service is the only door to the stores: the dialogues, the notices
// dispatcher, the scheduler and the adapters reach tickets, people,
// settings, catalogues and the FAQ through its methods, never the stores
// themselves.
package desk
