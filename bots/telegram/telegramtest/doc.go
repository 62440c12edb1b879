// Package telegramtest is a fake Telegram Bot API server for tests: of the
// Telegram adapter, and of the whole program driven through Telegram.
//
// It speaks the Bot API as Telegram does, closely enough that the real
// client library talks to it unchanged:
//
//   - requests as multipart/form-data (also urlencoded or JSON), answers as
//     {"ok":true,"result":…} or {"ok":false,"error_code":…,"description":…},
//     429s with parameters.retry_after;
//   - getUpdates long-polls: it holds the request until an update arrives
//     or its timeout passes, confirms updates below offset, and answers 409
//     to a poll overtaken by another or made while a webhook is set;
//   - setWebhook makes it post updates to the webhook, with the secret in
//     X-Telegram-Bot-Api-Secret-Token, retrying until answered 2xx;
//   - message ids are counted per chat; an edit must name a message the bot
//     sent in that chat, whose content it changes;
//   - the Bot API's limits: text up to 4096 UTF-16 units, captions up to
//     1024, callback_data up to 64 bytes, 2 to 10 photos in an album; an
//     inline button with an empty copy_text is refused;
//   - a person's private chat can be written to only after they have
//     written to the bot there (403 otherwise, as for a person who blocked
//     the bot: Block); groups (negative ids) always can;
//   - getFile and the file URL serve the photos people send; photos the bot
//     uploads are kept with their bytes.
//
// Every call is recorded, so a test can assert what each person saw.
//
// A test drives it like this:
//
//	srv := telegramtest.NewServer("123:secret")
//	defer srv.Close()
//	// configure the program with APIBase srv.URL and Token srv.Token
//	alice := telegramtest.User{ID: 42, FirstName: "Alice", LanguageCode: "en"}
//	srv.SendCommand(alice, telegramtest.Private(alice), "start", "")
//	srv.WaitFor(5*time.Second, func() bool { return len(srv.MessagesTo(42)) > 0 })
//	last := srv.Last(42)
//	btn, _ := last.Button("📝 Report")
//	srv.Press(alice, last, btn.Data)
//
// FailNext injects failures (429 with retry_after, 500) into the bot's next
// sends.
package telegramtest
