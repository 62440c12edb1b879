// Package desk is the repair desk's domain: tickets and the five states they
// move through, the people who report and repair faults and the roles that
// decide what each may do, the settings and catalogues that shape a report,
// and the use cases (Service) that check permissions before changing
// anything.
//
// desk imports only the standard library. The interfaces it needs from the
// outside world (TicketStore, UserStore, ...) are declared here and
// implemented elsewhere: MongoDB in package repo, chat platforms in bots/*.
//
// Every change to a ticket is a pure function of the stored ticket, the actor
// and the time (see transition.go); the Service applies it and writes the
// result with one conditional update, so two people pressing the same button
// at once cannot both win.
package desk
