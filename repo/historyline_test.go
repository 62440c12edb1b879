package repo

import (
	"reflect"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/desk"
)

// A line keeps every field reports and searches read, and text holding
// the line's own separators comes back with spaces in their place.
func TestHistoryLineRoundTrip(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 11, 2, h, 0, 0, 0, time.UTC) }
	tech := desk.Person{ID: "u-tech", Name: "李师傅"}
	full := &desk.Ticket{ID: "1042", Number: 1042, State: desk.Completed, CreatedAt: at(1), UpdatedAt: at(9),
		Requester: desk.Person{ID: "u-req", Name: "王小明"},
		Report: desk.Report{Location: desk.Location{Zone: "A区", Building: "A1 教学楼", Room: "301", Address: "3F\x1feast"},
			ProblemType: "电气", Title: "灯不亮", Description: "line one\nline\x1etwo", Contact: "138 0000 1111",
			Window: desk.Window{Start: at(2), End: at(8)}, Photos: []string{"p1"}},
		Claim:      &desk.Claim{By: tech, At: at(3)},
		Completion: &desk.Completion{By: tech, At: at(7), RepairType: "更换", Result: "ok", Photos: []string{"p2"}},
		Rating:     &desk.Rating{Stars: 2, Comment: "slow\x1d", At: at(9)},
		Priority:   desk.PriorityUrgent,
		Urges:      []desk.Urge{{At: at(2)}, {At: at(3)}},
		Suspensions: []desk.Suspension{{Review: desk.ReviewApproved, RequestedAt: at(4), ReviewedAt: at(5), ResumedAt: at(6), By: tech},
			{Review: desk.ReviewRejected, RequestedAt: at(6), ReviewedAt: at(6), By: tech}},
		History: []desk.Event{{Action: desk.ActCreate, At: at(1)}, {Action: desk.ActAssign, At: at(2)}, {Action: desk.ActClaim, At: at(3)}},
	}
	got, ok := decodeLine(encodeLine(full))
	if !ok {
		t.Fatal("line not read back")
	}
	want := &desk.Ticket{ID: "1042", Number: 1042, State: desk.Completed, CreatedAt: at(1), UpdatedAt: at(9),
		Requester: full.Requester,
		Report: desk.Report{Location: desk.Location{Zone: "A区", Building: "A1 教学楼", Room: "301", Address: "3F east"},
			ProblemType: "电气", Title: "灯不亮", Description: "line one\nline two", Contact: "138 0000 1111",
			Window: full.Window},
		Claim:      full.Claim,
		Completion: &desk.Completion{By: tech, At: at(7), RepairType: "更换"},
		Rating:     &desk.Rating{Stars: 2, Comment: "slow ", At: at(9)},
		Priority:   desk.PriorityUrgent,
		Urges:      full.Urges,
		Suspensions: []desk.Suspension{{Review: desk.ReviewApproved, RequestedAt: at(4), ReviewedAt: at(5), ResumedAt: at(6), By: desk.Person{ID: "u-tech"}},
			{Review: desk.ReviewRejected, RequestedAt: at(6), ReviewedAt: at(6), By: desk.Person{ID: "u-tech"}}},
		History: []desk.Event{{Action: desk.ActClaim, At: at(2)}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("read back\n%+v\nwant\n%+v", got, want)
	}
	if got.Waited(at(10)) != time.Hour {
		t.Fatalf("waited %v, want the hour until the first assignment", got.Waited(at(10)))
	}

	cancelled := &desk.Ticket{ID: "7", Number: 7, State: desk.Cancelled, CreatedAt: at(1),
		Cancel: &desk.Cancellation{At: at(2), By: desk.Person{ID: "u-req"}, Reason: "gone"}}
	got, ok = decodeLine(encodeLine(cancelled))
	if !ok || got.Cancel == nil || !got.Cancel.At.Equal(at(2)) || got.Claim != nil || got.Completion != nil ||
		got.Rating != nil || got.Urges != nil || got.Suspensions != nil || got.History != nil {
		t.Fatalf("cancelled ticket read back as %+v", got)
	}
	if _, ok := decodeLine("1042" + fieldSep + "x"); ok {
		t.Fatal("a short line was read")
	}
}
