package slack

import "github.com/repairdesk/repairdesk/i18n"

// say returns one of the adapter's own texts (i18n's "slack." keys) in
// lang; with no language known, in both, Chinese first, as the desk's
// channels are written.
func say(lang, key string, args ...any) string { return i18n.Say(lang, "slack."+key, args...) }
