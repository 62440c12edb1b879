// Package conversation is what a person experiences in the chat, the same
// on every platform: registration, reporting a fault step by step, the
// ticket lists and details, and the buttons of technicians, supervisors and
// admins. Platform adapters (bots/*) turn their updates into a talk.Input,
// call Engine.Handle, and render the talk.Messages of the Response.
//
// A dialogue is data (Session: flow, step, draft, version), stored after
// every step, so it survives a restart. Button tokens carry no authority:
// every press is checked against the person's role and the ticket's state
// by package desk.
//
// What tickets owe other people (a claim told to the requester, a post in
// the dispatch chat) is not said here: package notice delivers it.
package conversation
