// Package telegram is the Telegram adapter of the repair desk. It turns
// Bot API updates into talk.Input, hands them to the desk's Engine (the
// few things it asks of the dialogues, declared here), and renders the
// talk.Messages of the answer as Bot API calls; it is also the
// dispatcher's talk.Sender for the "telegram" platform. What it shares
// with the Slack adapter (running, retrying, pacing, ordered queues,
// splitting text) is in bots/internal; its own texts are i18n's "tg."
// keys.
//
// It speaks the Bot API through github.com/go-telegram/bot, and works
// around what that library leaves to its users:
//
//   - The library runs every update in its own goroutine, in no order. The
//     adapter queues updates by chat (by person, in groups) and handles each
//     queue in order, different queues in parallel.
//   - A panicking handler would end the process. The adapter recovers,
//     logs the stack and tells the person something went wrong.
//   - The library does not retry on 429. The adapter paces its sends under
//     Telegram's limits and waits out retry_after, a bounded number of
//     times; the dispatcher gets a *talk.RateLimited instead of a
//     long sleep.
//   - The library's keyboard buttons carry an empty copy_text that Telegram
//     refuses. The adapter sends keyboards of its own that hold only text
//     and callback_data (or request_contact).
//   - The library's webhook handler answers 200 to a request without the
//     secret. The adapter serves its own, which answers 401 and counts it.
//
// The adapter polls getUpdates itself rather than with the library's
// poller, which confirms an update to Telegram (by asking for the next
// ones) as soon as it has handed it over. Here an update is kept in the
// store first (by webhook, it is answered 200 only then), and the offset
// moves past it only once it is kept. It leaves the store once answered;
// what a crash cut short, a photo's download included, is handled when
// the adapter starts again, before anything new. The desk records each
// update's key with the effect of its input, so an update handled again
// acts once and is answered again. An update id seen before (Telegram
// delivering again what was answered) is dropped.
//
// Input from a group (the dispatch chat, the supervisors' chat) is answered
// in the person's private chat, so a technician's dialogue never fills the
// group. Telegram lets a bot write to a person only after they have opened
// a chat with it; until then a button pressed in a group is answered with a
// toast asking them to and a t.me link that opens that chat. The answer
// itself waits in the store, and is sent when they next write to the bot
// in private, after a restart or a crash too (held.go).
//
// Package telegramtest is a fake Bot API server for tests of this adapter
// and of the whole program.
package telegram
