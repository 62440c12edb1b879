// Package conversation is what a person experiences in the chat, the same
// on every platform: registration, reporting a fault step by step, the
// ticket lists and details, and the buttons of technicians, supervisors and
// admins. Platform adapters (bots/*) turn their updates into an Input, call
// Engine.Handle, and render the Messages of the Response.
//
// A dialogue is data (Session: flow, step, draft, version), stored after
// every step, so it survives a restart. Button tokens carry no authority:
// every press is checked against the person's role and the ticket's state
// by package desk.
//
// The Dispatcher delivers the notices that desk records on tickets: it
// renders them for each audience and hands them to the platforms' Senders,
// retrying until each is delivered once.
package conversation
