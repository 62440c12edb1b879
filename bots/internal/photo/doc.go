// Package photo is what the adapters do alike with pictures: tell an
// image from anything else by its bytes, bound a download by the desk's
// largest photo, and name an upload after its type, by which Telegram and
// Slack decide how to show it.
package photo
