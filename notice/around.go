package notice

import (
	"context"
	"errors"
	"slices"
	"strconv"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/i18n"
	"github.com/repairdesk/repairdesk/talk"
)

// needsAction lists, for each group audience, the notices that ask its
// members to do something: a new job to claim, a request to review, an
// urge or escalation to answer. Notices that only report (a claim, a
// completion) are not worth a private message each.
var needsAction = map[desk.Audience][]desk.NoticeKind{
	desk.ToDispatch: {desk.KindOf(desk.ActCreate), desk.KindOf(desk.ActEdit), desk.KindOf(desk.ActRelease), desk.RuleOverdue},
	desk.ToSupervisors: {desk.KindOf(desk.ActSuspend), desk.KindOf(desk.ActUrge), desk.RuleEscalate,
		desk.RuleRepairEscalate, desk.RuleSuspendedLong, desk.RuleReviewRemind},
}

// groupRole is who a group chat stands for.
var groupRole = map[desk.Audience]desk.Role{desk.ToDispatch: desk.RoleTechnician, desk.ToSupervisors: desk.RoleSupervisor}

// around delivers a notice whose group chat cannot be reached (the bot was
// removed, the channel archived): the people the group stands for get it
// in private when it asks them to act, whoever caused it is told that the
// group did not get it, and the admins are warned the first time the chat
// fails. Each private message is recorded like any delivery, so a retry
// repeats none.
func (d *Dispatcher) around(ctx context.Context, p *pass, t *desk.Ticket, n desk.Notice, group target) error {
	base := "notice:" + t.ID + ":" + strconv.Itoa(n.Seq) + ":" + group.key + ":"
	var errs []error
	if slices.Contains(needsAction[n.To], n.Kind) {
		people, err := d.svc.HoldersOf(ctx, groupRole[n.To])
		if err != nil {
			return err
		}
		if people, err = d.ofQueue(ctx, p, t, n, people); err != nil {
			return err
		}
		for _, u := range people {
			msg := func(lang string) talk.Message { return noticeView{lang: lang, loc: p.loc}.Render(t, n) }
			errs = append(errs, d.tell(ctx, p, u, base+"via:"+u.ID, msg))
		}
		if n.To == desk.ToSupervisors && n.Actor.ID != "" {
			// The technician who asked to suspend, the requester who
			// urged: they would otherwise wait on a channel that never
			// heard them.
			errs = append(errs, d.tellID(ctx, p, n.Actor.ID, base+"actor", func(lang string) talk.Message {
				return talk.Message{Text: i18n.T(lang, "notice.group_unreachable", t.Ref(), group.sender.Platform())}
			}))
		}
	}
	if d.svc.ChatUnreachable(group.to.Chat) {
		admins, err := d.svc.HoldersOf(ctx, desk.RoleAdmin)
		if err != nil {
			return err
		}
		for _, u := range admins {
			errs = append(errs, d.tell(ctx, p, u, base+"admin:"+u.ID, func(lang string) talk.Message {
				return talk.Message{Text: i18n.T(lang, "notice.group_down", group.sender.Platform(), group.to.Chat)}
			}))
		}
	}
	return errors.Join(errs...)
}

// tellID is tell for a person known by ID; nothing if they are gone.
func (d *Dispatcher) tellID(ctx context.Context, p *pass, userID, key string, msg func(lang string) talk.Message) error {
	u, err := d.svc.Recipient(ctx, userID)
	if errors.Is(err, desk.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return d.tell(ctx, p, u, key, msg)
}

// tell sends a person a message in their language on the platform they
// used last, once under key.
func (d *Dispatcher) tell(ctx context.Context, p *pass, u *desk.User, key string, msg func(lang string) talk.Message) error {
	if done, err := d.seen.Seen(ctx, key); err != nil || done {
		return err
	}
	tg, ok := d.private(u)
	if !ok {
		return nil
	}
	if _, err := tg.sender.Send(ctx, tg.to, msg(tg.lang)); err != nil && !errors.Is(err, talk.ErrUndeliverable) {
		return err
	}
	_, err := d.seen.FirstTime(ctx, key)
	return err
}
