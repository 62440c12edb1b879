// Package keylock hands out a lock per key (a document, an account), for
// work that must not interleave for one key but may for different ones.
// A key's lock is forgotten when nobody holds or waits for it, so memory
// does not grow with the number of keys ever locked.
package keylock
