// Package notice delivers what tickets owe people. A change recorded by
// package desk carries its notices in the same write (Ticket.Outbox); the
// Dispatcher renders each for its readers (a group in both languages, a
// person in theirs), hands it to every platform's talk.Sender, remembers
// each delivery so a retry never repeats one, and marks the ticket when
// every target has it. A notice that changes an earlier post (a claim on
// the dispatch post, a review on the request post) edits it where the
// platform can. A ticket routed to a queue (desk.Ticket.Queue) is
// dispatched in its queue's chat on each platform that has one. The
// supervisors' daily digest is sent from here too.
package notice
