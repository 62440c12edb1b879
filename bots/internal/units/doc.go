// Package units measures and cuts text as the chat platforms count it:
// in UTF-16 code units, the length of a JavaScript string, which is what
// Telegram's and Slack's limits (4096 characters a message, 3000 a
// section) are written in. A Chinese character is one unit and an emoji
// two, so neither bytes nor runes would do.
package units
