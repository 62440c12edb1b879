// Package web is a local web chat that speaks the same dialogues as the
// Telegram and Slack adapters, so that every role can be tried with no chat
// tokens at all: one page shows a person's private chat (with a switcher
// between demo people), the technicians' dispatch chat and the
// supervisors' channel side by side.
//
// The page is plain HTML, CSS and JavaScript embedded in the binary; it
// needs no CDN; its own words come from i18n's "web." keys with its
// configuration. Inputs are posted as JSON (or multipart, for photos) and
// answered through the desk's Engine (declared here); everything a chat
// shows, answers and the dispatcher's notices alike, reaches the browser
// over server-sent events. Chat is also the dispatcher's talk.Sender for
// the "web" platform.
//
// History lives in memory, bounded per chat: the tickets themselves are in
// the store, and a restart only clears what the demo chats showed. There is
// no login: anyone who can reach the page can act as any demo person, so
// keep it on localhost (LocalOnly refuses other names and proxies there).
// Beside a real chat platform, DemoOnly keeps it to the demo people, and
// Demote takes their roles where the desk does not run the demo.
package web
