// Package slack is the Slack adapter of the repair desk. It turns Slack's
// events, button presses and slash commands into talk.Input, hands
// them to the desk's Engine (the few things it asks of the dialogues,
// declared here), and renders the talk.Messages of the answer as Block
// Kit messages; it is also the dispatcher's talk.Sender for the "slack"
// platform. What it shares with the Telegram adapter is in
// bots/internal; its own texts are i18n's "slack." keys.
//
// It speaks Slack through github.com/slack-go/slack:
//
//   - Events come over Socket Mode (an app-level token, no public address)
//     or, when a signing secret is configured, over HTTP: Handler serves
//     /slack/events, /slack/interactivity and /slack/commands, and refuses
//     with 401 any request whose v0 signature is wrong or whose timestamp is
//     more than five minutes off.
//   - Slack wants every envelope acknowledged within three seconds and
//     redelivers it otherwise. The adapter keeps the event in the store
//     (its event_id, or trigger_id for interactions, as the key), then
//     acknowledges it (the HTTP 200, the Socket Mode ack), and does the
//     work after, one queue per person (answers keep the order of the
//     inputs), different people in parallel. An event that cannot be kept
//     is not acknowledged, and Slack delivers it again. Once answered it
//     leaves the store; what a crash cut short is handled when the adapter
//     starts again, and the desk, which records each key with the effect
//     of its input, acts on it once and answers it again. A key seen
//     before (Slack retrying an event already answered) is dropped.
//   - The desk talks in private: direct messages to the bot (message.im),
//     pictures shared there (downloaded with the bot token and kept in the
//     photo store), buttons, "/repair <command> <text>" typed anywhere. An
//     answer always goes to the person's DM with the bot; a button pressed
//     in a channel gets its toast as an ephemeral message there.
//   - Messages are Block Kit: escaped mrkdwn sections within Slack's 3,000
//     characters, actions blocks of buttons whose value is the desk's token,
//     and as many messages as a long text needs (50 blocks, ~40,000
//     characters each). Photos are uploaded as file shares (Slack's image
//     blocks need public URLs). The desk's "share my phone" button has no
//     Slack equivalent: the person types the number.
//   - The App Home tab shows the desk's "home" overview: open tickets with
//     their 超/催 tags, a technician's jobs, a supervisor's overdue list and
//     suspensions waiting for review, with their buttons.
//   - A report can also be filed with a form (a modal, from the Home tab or
//     "/repair form"). The engine decides who may have it, checks it by
//     the dialogue's own rules in the acknowledgement of its submission,
//     so Slack shows each problem beside its field, and files it as it
//     files the dialogue's reports, with the same checks and answer; a
//     person not registered yet, or over the hourly limit, gets the
//     dialogue instead.
//   - Emoji on the dispatch channel's posts (reaction_added) act as their
//     buttons: 👀 claims, ✅ opens the completion for the job's technician,
//     🚨 asks a supervisor to make the ticket urgent (reaction.go); a
//     refusal is an ephemeral message where the emoji was put.
//   - Writes are paced to about one message a second per channel. A 429 is
//     waited out (Retry-After) a bounded number of times; the dispatcher gets
//     a *talk.RateLimited instead of a long wait, and errors that
//     will never pass for a target (channel_not_found, …) are
//     talk.ErrUndeliverable.
//   - A panic while handling an event is recovered and logged, and the
//     person is told that something went wrong.
//
// Package fakeslack is a fake Slack (Web API and Socket Mode) for tests of
// this adapter and of the whole program.
package slack
