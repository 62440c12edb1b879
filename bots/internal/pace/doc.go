// Package pace holds an adapter's writes to the pace a chat platform asks
// for. Telegram and Slack both allow about one message a second to a chat
// or channel, tolerate short bursts, and answer 429 to a bot that keeps
// going; a bot that waits its turn is never told to wait longer.
//
// Each key (a chat, a channel) has a virtual schedule (GCRA): a write is
// due at the key's next slot, which moves on by the rate's Every; up to
// Burst writes may come early. A limiter may also bound all keys together
// (Telegram's thirty a second in all): a write then takes a slot of its
// key and one overall, and waits for the later of the two.
package pace
