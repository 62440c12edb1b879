package conversation

import (
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

func (t *turn) cmdFAQ(arg string) {
	if strings.TrimSpace(arg) == "" {
		t.startFlow(flowFAQ, Draft{})
		return
	}
	t.faqResults(arg, false)
}

// faqResults shows the articles matching query. When the person typed
// outside any dialogue (offered), a miss points to reporting instead.
func (t *turn) faqResults(query string, offered bool) {
	as, err := t.svc().SearchFAQ(t.ctx, query, 3)
	if err != nil {
		t.fail(err)
		return
	}
	if len(as) == 0 {
		key := "faq.none"
		if offered {
			key = "faq.none_offer"
		}
		t.send(talk.Message{Text: t.T(key), Rows: t.menuRows()[:1]})
		return
	}
	var b strings.Builder
	b.WriteString(t.T("faq.found"))
	for _, a := range as {
		b.WriteString("\n\n■ " + a.Title + "\n" + a.Body)
	}
	t.send(talk.Message{Text: b.String(), Rows: []talk.Row{{Buttons: []talk.Button{
		button(t.T("btn.report"), talk.MenuToken("report")),
	}}}})
}

func faqFlow() flow {
	return flow{first: "query", steps: map[string]step{
		"query": {
			ask: func(t *turn) talk.Message { return t.question("faq.ask", nil) },
			take: func(t *turn) (string, error) {
				q, err := t.textAnswer(desk.MaxShort, true)
				if err != nil {
					return "", err
				}
				t.endFlow()
				t.faqResults(q, false)
				return "", nil
			},
		},
	}}
}
