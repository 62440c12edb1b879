package edge

import (
	"os/exec"
	"strings"
	"testing"
)

// The adapters speak to the desk only through the interfaces they
// declare, in the vocabulary of talk, i18n and desk: none reaches into
// the dialogues or the store, and each SDK stays in its own adapter.
func TestAdapterImports(t *testing.T) {
	const mod = "github.com/repairdesk/repairdesk/"
	for _, c := range []struct {
		pkg    string
		refuse []string
	}{
		{"bots/telegram", []string{mod + "conversation", mod + "repo", "github.com/slack-go/slack"}},
		{"bots/slack", []string{mod + "conversation", mod + "repo", "github.com/go-telegram/bot"}},
		{"bots/web", []string{mod + "conversation", mod + "repo", "github.com/slack-go/slack", "github.com/go-telegram/bot"}},
		{"bots/internal/...", []string{mod + "conversation", mod + "repo", "github.com/slack-go/slack", "github.com/go-telegram/bot"}},
	} {
		t.Run(c.pkg, func(t *testing.T) {
			out, err := exec.Command("go", "list", "-deps", mod+c.pkg).Output()
			if err != nil {
				t.Skipf("go list: %v", err)
			}
			for _, dep := range strings.Fields(string(out)) {
				for _, r := range c.refuse {
					if dep == r || strings.HasPrefix(dep, r+"/") {
						t.Errorf("%s depends on %s", c.pkg, dep)
					}
				}
			}
		})
	}
}
