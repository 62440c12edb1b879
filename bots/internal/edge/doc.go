// Package edge is what a chat adapter does where it meets its platform,
// the same for Telegram and Slack: run once; reach the platform, retrying
// while the network fails but not when a token is refused; take what
// arrives into an inbox that keeps each person's inputs in order and
// outlives a shutdown by a grace period, so that work already
// acknowledged is answered rather than lost; drop what the platform
// delivers twice; serve the platform's HTTP requests until shutdown; and
// keep a panic from ending the program.
//
// The platforms' own calls and words stay in their adapters; this package
// holds only the mechanics, so that a fix to one of them is a fix to both.
package edge
