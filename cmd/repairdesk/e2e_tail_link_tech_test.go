package main

import (
	"strings"
	"testing"
)

// TestLinkedTechnicianEndToEnd: Tom, a technician on Slack, claims #1001
// there, then links his Slack account into his Telegram one, where he
// claims #1002. Alice's report for the day counts him once, under his
// Telegram name, with both claims.
func TestLinkedTechnicianEndToEnd(t *testing.T) {
	t.Parallel()
	tgSrv := telegramtestServer(t)
	slSrv := newFakeSlack(t)
	alice := &tgPerson{t, tgSrv, tgUser(101, "Alice")}
	tgTom := &tgPerson{t, tgSrv, tgUser(201, "Tom")}
	slTom := slackPerson(t, slSrv, "U0TOM", "Tom on Slack")
	env := bothEnv(tgSrv, slSrv)
	env["WEB_CHAT"], env["ADMINS"] = "false", alice.account()
	startDesk(t, env)
	register(alice, alice.phone(), "Works")
	register(tgTom, tgTom.phone(), "Maintenance")
	register(slTom, "13900000002", "Maintenance")
	grant(alice, slTom.account(), "+ Technician")
	grant(alice, tgTom.account(), "+ Technician")
	tg, sl := tgGroups{tgSrv}, slGroups{slSrv}

	reportLockWithPhoto(alice, alice.phone(), 1001)
	waitForPost(t, sl, dispatch, "#1001 in Slack's dispatch channel", func(p post) bool {
		return hasButton(p, "🙋 接单 Claim") && strings.Contains(p.body, "#1001")
	})
	slTom.pressIn(dispatch, "🙋 接单 Claim", "You claimed #1001")

	code := askLinkCode(t, tgTom, func() string { return tgSrv.Last(tgTom.user.ID).Body() })
	slTom.command("link "+code, "Linked: Tom.")

	reportLockWithPhoto(alice, alice.phone(), 1002)
	waitForPost(t, tg, dispatch, "#1002 in Telegram's dispatch group", func(p post) bool {
		return hasButton(p, "🙋 接单 Claim") && strings.Contains(p.body, "#1002")
	})
	tgTom.pressIn(dispatch, "🙋 接单 Claim", "You claimed #1002")

	alice.command("stats", "📊 Report")
	report := tgSrv.Last(alice.user.ID).Body()
	if n := strings.Count(report, "Tom"); n != 1 || !strings.Contains(report, "Tom: 2/0") {
		t.Errorf("the day's report names Tom %d times, want once with 2 claimed:\n%s", n, report)
	}
}
