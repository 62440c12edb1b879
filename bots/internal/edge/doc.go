// Package edge is what a chat adapter does where it meets its platform,
// the same for Telegram and Slack: run once; reach the platform, retrying
// while the network fails but not when a token is refused; take what
// arrives into an inbox that keeps each input in the database before the
// platform is told it arrived and until it is answered, hands each
// person's inputs over in order, and at start hands over first what the
// last run left; drop what the platform delivers twice; serve the
// platform's HTTP requests until shutdown; and keep a panic from ending
// the program.
//
// The platforms' own calls and words stay in their adapters; this package
// holds only the mechanics, so that a fix to one of them is a fix to both.
package edge
