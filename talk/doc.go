// Package talk is the vocabulary every chat platform speaks with the desk:
// what a person did (Input), what the desk says (Message, with Rows of
// Buttons and an optional Form), where a notice goes (Target), and the two
// directions of traffic: a Handler answers input, a Sender delivers
// messages. Adapters, dialogues and notices all import it; it imports
// nothing of the desk's, so an adapter needs no dialogue engine to speak.
package talk
