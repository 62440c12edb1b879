// Package fakecall is what the chat platforms' fakes share: a signal that
// a fake's state changed, for the tests that wait on it, and calls held
// unanswered, as a platform that stopped answering in the middle of a
// request.
package fakecall
