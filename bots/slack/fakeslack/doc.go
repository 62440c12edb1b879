// Package fakeslack is a fake Slack for tests: of the Slack adapter, and of
// the whole program driven through Slack. slack-go's own slacktest answers
// 404 to chat.update and views.*, and keeps no record; this one speaks the
// parts of Slack the desk uses, as Slack does, and records everything.
//
//   - The Web API at APIURL: auth.test, chat.postMessage, chat.update,
//     chat.postEphemeral, conversations.open, users.info (the locale only
//     with include_locale), views.publish, views.open (a trigger_id once),
//     files.getUploadURLExternal, the upload URL and
//     files.completeUploadExternal, apps.connections.open. Answers are
//     {"ok":true,…} or {"ok":false,"error":"channel_not_found"} and so on;
//     the bot token is checked on every call (the app token on
//     apps.connections.open).
//   - Block Kit is checked against Slack's limits (50 blocks, 3,000
//     characters a section, 25 elements an actions block, 75 a button's
//     label, unique action_ids): a message over them is invalid_blocks.
//   - Files people share are served at their url_private to the bot token
//     only; anyone else is redirected to the sign-in page, as Slack does.
//   - Events, interactions and slash commands go to the bot over a Socket
//     Mode websocket (hello, pings, envelopes, acknowledgements, a
//     disconnect on request) or, after UseHTTP, as requests signed with
//     SigningSecret. Every delivery records whether it was acknowledged and
//     with what.
//   - Failures on demand: Fail (an error code), RateLimit (429 with
//     Retry-After), FailStatus (5xx).
//
// A test drives it like this:
//
//	srv := fakeslack.New()
//	defer srv.Close()
//	srv.AddUser(fakeslack.User{ID: "U0ALICE", RealName: "Alice", Locale: "en-US"})
//	srv.AddChannel("C0DISPATCH", "repairs")
//	// configure the bot: APIBase srv.APIURL, BotToken srv.BotToken,
//	// AppToken srv.AppToken (or SigningSecret and srv.UseHTTP(url))
//	srv.SendDM("U0ALICE", "hello")
//	srv.WaitFor(5*time.Second, func() bool { return len(srv.BotMessagesTo("U0ALICE")) > 0 })
//	last, _ := srv.Last(fakeslack.DMOf("U0ALICE"))
//	btn, _ := last.Button("Report a fault")
//	srv.Press("U0ALICE", last, btn)
package fakeslack
