package conversation

import (
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

const flowFind = "find"

// pageMark starts the argument of a page button's token ("~2:1a2b"): the
// page, and a short hash of the search it belongs to.
const pageMark = "~"

// cmdFind searches tickets (/find words), asks what to look for (/find),
// or turns a page of the last search (a page button).
func (t *turn) cmdFind(arg string) {
	if page, ok := strings.CutPrefix(arg, pageMark); ok {
		n, sum, _ := strings.Cut(page, ":")
		p, err := strconv.Atoi(n)
		if err != nil || t.s.Find == "" || sum != searchSum(t.s.Find) {
			t.say("err.stale_button")
			t.toast = t.T("err.stale_button")
			return
		}
		t.findResults(t.s.Find, p)
		return
	}
	if strings.TrimSpace(arg) == "" {
		t.startFlow(flowFind, Draft{})
		return
	}
	t.findResults(arg, 0)
}

// findResults shows one page of a search, each ticket with its details
// button, and buttons to the pages before and after.
func (t *turn) findResults(text string, page int) {
	text = strings.TrimSpace(text)
	f, err := t.svc().Search(t.ctx, t.user, text, page)
	if err != nil {
		t.fail(err)
		return
	}
	if t.s.Find != text {
		t.s.Find, t.dirty = text, true
	}
	own := ""
	if !t.user.Is(desk.RoleTechnician) && !t.user.Is(desk.RoleAdmin) {
		own = "\n" + t.T("find.own_only")
	}
	if len(f.Tickets) == 0 && page == 0 {
		t.send(talk.Message{Text: t.T("find.none", text) + own})
		return
	}
	var nav talk.Row
	sum := searchSum(text)
	if page > 0 {
		nav.Buttons = append(nav.Buttons, button(t.T("btn.page_previous"), talk.MenuToken("find", fmt.Sprintf("%s%d:%s", pageMark, page-1, sum))))
	}
	if f.More {
		nav.Buttons = append(nav.Buttons, button(t.T("btn.page_next"), talk.MenuToken("find", fmt.Sprintf("%s%d:%s", pageMark, page+1, sum))))
	}
	var extra []talk.Row
	if len(nav.Buttons) > 0 {
		extra = append(extra, nav)
	}
	t.list(t.T("find.title", text, page+1)+own, f.Tickets, extra)
}

// searchSum tells one search's page buttons from another's, so that a
// button of an earlier search does not turn the pages of the last one.
func searchSum(text string) string {
	h := fnv.New32a()
	h.Write([]byte(text))
	return strconv.FormatUint(uint64(h.Sum32()&0xffff), 36)
}

func findFlow() flow {
	return flow{first: "query", steps: map[string]step{
		"query": {
			ask: func(t *turn) talk.Message { return t.question("find.ask", nil) },
			take: func(t *turn) (string, error) {
				q, err := t.textAnswer(desk.MaxShort, true)
				if err != nil {
					return "", err
				}
				// A search that cannot be read asks again.
				if _, err := desk.ParseQuery(q, t.Settings().Location()); err != nil {
					return "", err
				}
				t.endFlow()
				t.findResults(q, 0)
				return "", nil
			},
		},
	}}
}
