package desk

import "time"

// State is where a ticket is in its life.
type State string

const (
	Pending   State = "pending"   // 待接单
	Accepted  State = "accepted"  // 已接单
	Suspended State = "suspended" // 已挂起
	Completed State = "completed" // 已完成
	Cancelled State = "cancelled" // 已取消
)

// States lists every state in the order a requester's list shows them.
var States = []State{Pending, Accepted, Suspended, Completed, Cancelled}

// Final reports whether nothing can change the state any more.
func (s State) Final() bool { return s == Completed || s == Cancelled }

// Location is where the fault is.
type Location struct {
	Zone     string `bson:"zone"`     // 地块
	Building string `bson:"building"` // 建筑物
	Room     string `bson:"room"`     // 房间
	Address  string `bson:"address"`  // 详细地址
}

// Window is the repair window the requester hopes for.
type Window struct {
	Start time.Time `bson:"start"`
	End   time.Time `bson:"end"`
}

// Report is what a requester fills in; it is also what an edit changes.
type Report struct {
	Location    Location `bson:"location"`
	ProblemType string   `bson:"problemType"`
	Title       string   `bson:"title"`
	Description string   `bson:"description"`
	Photos      []string `bson:"photos"` // photo ids, see PhotoStore
	Window      Window   `bson:"window"`
	Contact     string   `bson:"contact"`
}

// Person names someone at the time they acted, so a ticket reads well even
// if the person later changes their name.
type Person struct {
	ID   string `bson:"id"`
	Name string `bson:"name"`
}

// Claim records who took the job.
type Claim struct {
	By Person    `bson:"by"`
	At time.Time `bson:"at"`
}

// Review is a supervisor's decision on a suspension request.
type Review string

const (
	ReviewWaiting  Review = "waiting"
	ReviewApproved Review = "approved"
	ReviewRejected Review = "rejected"
	// ReviewWithdrawn: the job was released, reassigned or completed
	// while the request waited; no supervisor can act on it any more.
	ReviewWithdrawn Review = "withdrawn"
)

// Suspension is one request to put the job on hold, and what became of it.
type Suspension struct {
	Reason      string    `bson:"reason"`
	Photos      []string  `bson:"photos"`
	By          Person    `bson:"by"`
	RequestedAt time.Time `bson:"requestedAt"`
	Review      Review    `bson:"review"`
	Note        string    `bson:"note"`
	Reviewer    Person    `bson:"reviewer"`
	ReviewedAt  time.Time `bson:"reviewedAt"`
	ResumedAt   time.Time `bson:"resumedAt"`
}

// Completion is the technician's record of the repair.
type Completion struct {
	RepairType string    `bson:"repairType"`
	Result     string    `bson:"result"`
	Photos     []string  `bson:"photos"`
	By         Person    `bson:"by"`
	At         time.Time `bson:"at"`
}

// Cancellation records why a ticket was withdrawn.
type Cancellation struct {
	Reason string    `bson:"reason"`
	By     Person    `bson:"by"`
	At     time.Time `bson:"at"`
}

// Rating is the requester's verdict, given once.
type Rating struct {
	Stars   int       `bson:"stars"`
	Comment string    `bson:"comment"`
	At      time.Time `bson:"at"`
}

// Urge is one "please hurry" (催单) from the requester.
type Urge struct {
	By Person    `bson:"by"`
	At time.Time `bson:"at"`
}

// Reply is one message of the thread between requester and technician.
type Reply struct {
	From   Person    `bson:"from"`
	Text   string    `bson:"text"`
	Photos []string  `bson:"photos"`
	At     time.Time `bson:"at"`
}

// Event is one line of a ticket's history.
type Event struct {
	Action Action    `bson:"action"`
	By     Person    `bson:"by"`
	At     time.Time `bson:"at"`
	Note   string    `bson:"note"`
}

// Post is a copy of the ticket's dispatch message on a platform, kept so
// that every copy can be changed to "claimed by …".
type Post struct {
	Kind PostKind `bson:"kind"`

	Chat      string `bson:"chat"` // platform-qualified chat key
	MessageID string `bson:"messageId"`
}

// PostKind is what a recorded post shows.
type PostKind string

const (
	PostDispatch PostKind = "dispatch" // the ticket in the technicians' chat, with "Claim"
	PostReview   PostKind = "review"   // a suspension request in the supervisors' channel
	PostAlert    PostKind = "alert"    // an urge or escalation in the supervisors' channel, with Assign
	PostUrgent   PostKind = "urgent"   // a request to make the ticket urgent, in the supervisors' channel
	// PostLine is a reply in a ticket's thread in a group chat: recorded
	// only so that a person answering it is known to speak of the ticket
	// (Service.TicketOfPost); it is not kept on the ticket.
	PostLine PostKind = "line"
)

// Ticket is one repair request with everything that happened to it.
type Ticket struct {
	ID        string `bson:"_id"` // the human number as text: "1042"
	Number    int64  `bson:"number"`
	State     State  `bson:"state"`
	Version   int    `bson:"version"`
	Requester Person `bson:"requester"`
	Report    `bson:",inline"`
	CreatedAt time.Time `bson:"createdAt"`
	UpdatedAt time.Time `bson:"updatedAt"`

	Claim       *Claim        `bson:"claim,omitempty"`
	Suspensions []Suspension  `bson:"suspensions"`
	Completion  *Completion   `bson:"completion,omitempty"`
	Cancel      *Cancellation `bson:"cancel,omitempty"`
	Urges       []Urge        `bson:"urges"`
	Replies     []Reply       `bson:"replies"`
	// Notes are what staff wrote about the ticket among themselves (a
	// "!note" in its thread): never shown to the requester.
	Notes   []Reply `bson:"notes,omitempty"`
	Rating  *Rating `bson:"rating,omitempty"`
	History []Event `bson:"history"`

	// Reminders holds the scheduler's "already done" marks (rule name →
	// when), so each reminder and escalation is sent once.
	Reminders map[string]time.Time `bson:"reminders"`

	// Outbox holds every notice this ticket owes, appended in the same
	// update that changes the ticket; Sent counts how many of them, in
	// order, the dispatcher has delivered. Sent is owned by the dispatcher:
	// ticket updates never write it.
	Outbox []Notice `bson:"outbox"`
	Sent   int      `bson:"sent"`

	Posts []Post `bson:"posts"`

	// Priority is urgent (🚨) or normal; UrgentReason is why it is urgent
	// (its requester's when reporting, or the reason of the supervisor
	// who raised it; none once lowered), and PriorityAsks the requests
	// that a supervisor make it urgent (see priority.go).
	Priority     Priority      `bson:"priority,omitempty"`
	UrgentReason string        `bson:"urgentReason,omitempty"`
	PriorityAsks []PriorityAsk `bson:"priorityAsks,omitempty"`

	// Queue is the queue the ticket was routed to when it was reported
	// (Route), nil for the default dispatch. It never changes.
	Queue *QueueRef `bson:"queue,omitempty"`

	// Inputs names the latest changes made by a person's input, each as
	// the input's key and the action, in the same write as the change:
	// the same input handed over again after a crash is not acted on
	// twice (input.go).
	Inputs []string `bson:"inputs,omitempty"`

	// Archived is set by the store on a ticket read from the history. A
	// change written there would never be delivered (the notices go out
	// from the live tickets), so nothing may change it (see Check); the
	// scheduler archives only settled tickets (Settled).
	Archived bool `bson:"-"`
}

// Ref formats the ticket's human number: "#1042".
func (t *Ticket) Ref() string { return "#" + t.ID }

// WaitingSuspension returns the suspension request awaiting review, if any.
func (t *Ticket) WaitingSuspension() *Suspension {
	if n := len(t.Suspensions); n > 0 && t.Suspensions[n-1].Review == ReviewWaiting {
		return &t.Suspensions[n-1]
	}
	return nil
}

// LastSuspension returns the latest suspension request, if any.
func (t *Ticket) LastSuspension() *Suspension {
	if n := len(t.Suspensions); n > 0 {
		return &t.Suspensions[n-1]
	}
	return nil
}

// Technician returns who holds the job, if anyone.
func (t *Ticket) Technician() (Person, bool) {
	if t.Claim == nil {
		return Person{}, false
	}
	return t.Claim.By, true
}

// Settled reports whether no action can change the ticket any more:
// cancelled, or completed and rated or past its rating window
// (Settings.RateWithin). Only a settled ticket may leave the live
// tickets: a completed one stays open to its rating (see rules) until it
// is given or the window closes.
func (t *Ticket) Settled(now time.Time, s Settings) bool {
	return t.State == Cancelled || (t.State == Completed && (t.Rating != nil || rateClosed(t, now, s)))
}

// rateClosed reports whether a completed ticket's rating window is over.
func rateClosed(t *Ticket, now time.Time, s Settings) bool {
	return s.RateWithin > 0 && t.Completion != nil && now.Sub(t.Completion.At) >= time.Duration(s.RateWithin)
}

// Owed reports whether the ticket has notices not yet delivered.
func (t *Ticket) Owed() bool { return t.Sent < len(t.Outbox) }
