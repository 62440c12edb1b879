package desk_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// digestTickets are the seeded history (seededTickets) and four tickets
// of Monday 9 November, the day before the digest is read at h(204),
// Tuesday noon:
//
//	T11 reported at 02:00, claimed at 04:00 (2 h), a suspension asked at
//	    22:00 and waiting for review;
//	T12 reported at 07:00, claimed after 30 min, completed at 10:00 and
//	    rated 3 at 12:00;
//	T13 reported at 12:00 and still pending: overdue;
//	T14 reported at 17:00 and cancelled an hour later.
func digestTickets() []*desk.Ticket {
	ts := seededTickets()
	tk := func(id string, created float64) *desk.Ticket {
		return &desk.Ticket{ID: id, Number: 2000 + int64(len(ts)), State: desk.Pending, Requester: alice,
			CreatedAt: h(created), UpdatedAt: h(created),
			Report: desk.Report{Location: desk.Location{Zone: "A", Building: "A1", Room: "1" + id}, ProblemType: "elec", Title: "t" + id}}
	}
	claim := func(t *desk.Ticket, at float64) {
		t.State, t.Claim = desk.Accepted, &desk.Claim{By: wang, At: h(at)}
		t.History = append(t.History, desk.Event{Action: desk.ActClaim, By: wang, At: h(at)})
	}
	t11 := tk("11", 170)
	claim(t11, 172)
	t11.Suspensions = []desk.Suspension{{By: wang, RequestedAt: h(190), Review: desk.ReviewWaiting}}
	t12 := tk("12", 175)
	claim(t12, 175.5)
	t12.State, t12.Completion = desk.Completed, &desk.Completion{By: wang, At: h(178), RepairType: "fix"}
	t12.Rating, t12.UpdatedAt = &desk.Rating{Stars: 3, At: h(180)}, h(180)
	t13 := tk("13", 180)
	t14 := tk("14", 185)
	t14.State, t14.Cancel, t14.UpdatedAt = desk.Cancelled, &desk.Cancellation{By: alice, At: h(186), Reason: "gone"}, h(186)
	return append(ts, t11, t12, t13, t14)
}

// TestDailyDigest checks the digest's figures against the ones worked
// out by hand, the final tickets read back from the archive.
func TestDailyDigest(t *testing.T) {
	ctx := t.Context()
	svc, _, _ := storedDesk(t, digestTickets())
	got, err := svc.DailyDigest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	hr := func(x float64) time.Duration { return time.Duration(x * float64(time.Hour)) }
	want := desk.Digest{
		// Monday 9 November.
		Day: desk.DayFigures{Date: h(168),
			Opened:  4,                    // T11 T12 T13 T14
			Closed:  3,                    // T10 (completed at 02:00), T12, T14
			Backlog: 5,                    // T5 T6 T9 T11 T13
			ToClaim: hr(1.25), Claimed: 2, // T11 after 2 h, T12 after 30 min
			Overdue: 1,              // T13
			Rated:   1, AvgStars: 3, // T12
		},
		// Monday 2 November.
		WeekBefore: desk.DayFigures{Date: h(0),
			Opened:  4,                 // T1 T2 T3 T4
			Closed:  5,                 // T7 T2 T1 T3 T4
			Backlog: 1,                 // T9
			ToClaim: hr(1), Claimed: 3, // T1 1 h, T2 3 h, T3 30 min
			Overdue: 1,              // T2, which waited 3 h
			Rated:   4, AvgStars: 3, // 1, 2, 5 and 4 stars
		},
		OverdueN: 2, // T6 (pending since the 3rd), T13; T11 waits for a review
		ReviewN:  1,
		Live:     5, // T5 T6 T9 T11 T13
	}
	ids := func(ts []*desk.Ticket) []string {
		var out []string
		for _, t := range ts {
			out = append(out, t.ID)
		}
		return out
	}
	if o, r := ids(got.Overdue), ids(got.Review); !reflect.DeepEqual(o, []string{"6", "13"}) || !reflect.DeepEqual(r, []string{"11"}) {
		t.Errorf("overdue %v (want 6 13), waiting for review %v (want 11)", o, r)
	}
	got.Overdue, got.Review = nil, nil
	if !got.Day.Date.Equal(want.Day.Date) || !got.WeekBefore.Date.Equal(want.WeekBefore.Date) {
		t.Errorf("days %v and %v, want %v and %v", got.Day.Date, got.WeekBefore.Date, want.Day.Date, want.WeekBefore.Date)
	}
	got.Day.Date, got.WeekBefore.Date = want.Day.Date, want.WeekBefore.Date
	if !reflect.DeepEqual(got, want) {
		t.Errorf("digest\n got %+v\nwant %+v", got, want)
	}
	if got.Empty() {
		t.Error("a busy desk's digest is empty")
	}
}

// A desk with no open ticket, where nothing happened on the digest's two
// days, has nothing to say, even with tickets in its past.
func TestDailyDigestOfAQuietDesk(t *testing.T) {
	w := newWeekDesk(t)
	w.now = local(9, 9, 0) // a Monday
	dg, err := w.svc.DailyDigest(w.ctx)
	if err != nil || !dg.Empty() {
		t.Fatalf("a desk without tickets: %+v, %v; want an empty digest", dg, err)
	}
	// Done and archived on Wednesday: between the two days compared.
	tk := w.report(local(4, 9, 0), 0, 0)
	w.cancel(local(4, 10, 0), tk)
	w.archive(tk)
	w.now = local(9, 9, 0)
	if dg, err = w.svc.DailyDigest(w.ctx); err != nil || !dg.Empty() {
		t.Fatalf("Monday, a desk idle on both days: %+v, %v; want an empty digest", dg, err)
	}
	// Anything on either day, or anything open, is worth a digest.
	w.now = local(11, 9, 0)
	if dg, err = w.svc.DailyDigest(w.ctx); err != nil || !dg.Empty() {
		t.Fatalf("Wednesday: %+v, %v; want an empty digest", dg, err)
	}
	w.now = local(12, 9, 0) // Thursday: the week before is the cancellation's Wednesday
	if dg, err = w.svc.DailyDigest(w.ctx); err != nil || dg.Empty() || dg.WeekBefore.Opened != 1 || dg.WeekBefore.Closed != 1 {
		t.Fatalf("Thursday: %+v, %v; want the week before's report and cancellation", dg, err)
	}
	w.report(local(13, 8, 0), 0, 0)
	w.now = local(13, 9, 0)
	if dg, err = w.svc.DailyDigest(w.ctx); err != nil || dg.Empty() || dg.Live != 1 {
		t.Fatalf("with an open ticket: %+v, %v; want a digest", dg, err)
	}
}
