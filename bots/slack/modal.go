package slack

import (
	"context"

	"github.com/slack-go/slack"
)

// modalSubmission answers a modal's submission or closing, which Slack
// wants answered in the acknowledgement itself. It reports false for
// every other interaction.
func (b *Bot) modalSubmission(ctx context.Context, ic *slack.InteractionCallback) (any, bool) {
	switch ic.Type {
	case slack.InteractionTypeViewSubmission, slack.InteractionTypeViewClosed:
		return nil, true
	}
	return nil, false
}
