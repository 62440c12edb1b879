package conversation

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
)

// keyPrefixes are the first parts of message keys.
const keyPrefixes = `link|err|reg|rep|help|btn|cmd|lang|me|cancel|win|urge|claim|resume|approve|edit|photo|photos|mine|jobs|pool|overdue|stats|home|list|faq|start|rate|suspend|complete|release|reject|assign|reply|admin|dur|notice|review|state|act|role|field|find|period`

// Every message key the code uses is in the catalogue, including those
// built from states, fields, roles and actions.
func TestEveryKeyUsedExists(t *testing.T) {
	keyRe := regexp.MustCompile(`"((?:` + keyPrefixes + `)\.[a-z_]+)"`)
	var used []string
	for _, dir := range []string{".", "../desk"} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range keyRe.FindAllStringSubmatch(string(src), -1) {
				used = append(used, m[1])
			}
		}
	}
	for _, s := range desk.States {
		used = append(used, "state."+string(s))
	}
	for _, a := range append(desk.Actions, desk.ActCreate, desk.ActRemind) {
		used = append(used, "act."+string(a))
	}
	for _, r := range append(desk.Roles, desk.RoleRequester) {
		used = append(used, "role."+string(r))
	}
	for _, f := range append(editable, "state", "tags", "submitted", "requester", "claimed_by", "claimed_at", "waited",
		"under_repair", "suspended_at", "suspend_reason", "review", "review_note", "reviewed_at", "repair_type",
		"result", "completed_at", "cancelled_at", "cancel_reason", "rating", "replies", "history") {
		used = append(used, "field."+f)
	}
	for _, n := range CommandNames(i18n.En) {
		used = append(used, "cmd."+n[0])
	}
	for _, k := range adminMenu {
		used = append(used, "admin."+k)
	}
	for _, l := range catalogLists {
		used = append(used, "list."+string(l))
	}
	for _, r := range []desk.Review{desk.ReviewWaiting, desk.ReviewApproved, desk.ReviewRejected} {
		used = append(used, "review."+string(r))
	}
	for _, k := range []string{"err.empty_field", "err.too_long_field"} {
		used = append(used, k)
	}
	for _, k := range used {
		if !i18n.Has(k) {
			t.Errorf("message %q is used but not written", k)
		}
	}
}

// No transcript shows a message key instead of its text: tr falls back to
// the key, so a key built at run time that is missing from the catalogue
// would otherwise reach people unnoticed.
func TestTranscriptsShowNoKeys(t *testing.T) {
	keyRe := regexp.MustCompile(`\b(?:` + keyPrefixes + `)\.[a-z_]+\b`)
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no transcripts: %v", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(line, ">") {
				continue // what a person typed
			}
			if k := keyRe.FindString(line); k != "" {
				t.Errorf("%s:%d: the key %s is shown untranslated", f, i+1, k)
			}
		}
	}
}
