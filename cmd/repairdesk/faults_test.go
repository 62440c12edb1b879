package main

import (
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/repairdesk/repairdesk/bots/slack/fakeslack"
	"github.com/repairdesk/repairdesk/bots/telegram/telegramtest"
)

// The fault suite drives the built program through whole dialogues by
// several people on Telegram and Slack at once while everything around it
// fails: the desk is killed (SIGKILL) at random moments and started again
// on the same data, every update and event is delivered twice, the chat
// APIs answer 500, hang, and answer 429 with retry_after, and the store,
// run as a process of its own, stops for a while. It prints what became
// of the people's inputs and the desk's notices, and asserts the zeros the
// desk promises: no input lost, no ticket opened twice, no post sent twice
// (but in the one window the README owns up to), no call made before a
// retry_after ran out.
//
// go test ./... runs it at a small size; the full size is
//
//	go test ./cmd/repairdesk -run Faults -faults.full -v
//
// (or REPAIRDESK_FAULTS=full), with -faults.seed to replay a run.
var (
	faultsFull = flag.Bool("faults.full", false, "run the fault suite at full size")
	faultsSeed = flag.Uint64("faults.seed", 0, "seed of the fault suite's random choices (0: a new one)")
)

// faultSize is how much a run of the suite does.
type faultSize struct {
	full        bool
	requesters  int           // dialogues per platform, embedded store
	serverReqs  int           // dialogues per platform, store server
	techs       int           // technicians per platform
	kills       int           // SIGKILLs, embedded store
	outages     int           // stops of the store server
	outage      time.Duration // how long the store stays stopped
	stagger     time.Duration // dialogues start within this
	killEvery   [2]time.Duration
	chaosEvery  [2]time.Duration
	stepWait    time.Duration // for an answer
	postWait    time.Duration // for a notice, which queues behind the others and backs off while a platform fails
	settleWait  time.Duration // for the last edits of the posts
	owedMeasure time.Duration // how long to look for the first owed notice after a restart
}

func faultSizes() faultSize {
	if *faultsFull || os.Getenv("REPAIRDESK_FAULTS") == "full" {
		return faultSize{full: true, requesters: 16, serverReqs: 8, techs: 4, kills: 12, outages: 2, outage: 30 * time.Second,
			stagger: 90 * time.Second, killEvery: [2]time.Duration{5 * time.Second, 15 * time.Second},
			// A fault every 4 s on average, for minutes: harsher than any
			// platform's bad day, yet leaving the desk time to get on.
			chaosEvery: [2]time.Duration{2 * time.Second, 6 * time.Second},
			stepWait:   3 * time.Minute, postWait: 12 * time.Minute, settleWait: 10 * time.Minute, owedMeasure: time.Minute}
	}
	return faultSize{requesters: 1, serverReqs: 1, techs: 1, kills: 2, outages: 1, outage: 3 * time.Second,
		stagger: 2 * time.Second, killEvery: [2]time.Duration{4 * time.Second, 10 * time.Second},
		chaosEvery: [2]time.Duration{time.Second, 3 * time.Second},
		stepWait:   75 * time.Second, postWait: 90 * time.Second, settleWait: 90 * time.Second, owedMeasure: 30 * time.Second}
}

func TestFaults(t *testing.T) {
	t.Parallel() // it runs programs of its own, and mostly waits on them
	size := faultSizes()
	seed := *faultsSeed
	if seed == 0 {
		seed = rand.Uint64()
	}
	t.Logf("seed %d (replay with -faults.seed %d)", seed, seed)
	var (
		mu   sync.Mutex
		figs []*figures
	)
	t.Cleanup(func() {
		if size.full {
			t.Log("\n" + summaryTable(figs))
		}
	})
	for i, store := range []string{"embedded", "server"} {
		t.Run(store, func(t *testing.T) {
			t.Parallel()
			r := newFaultRun(t, store, size, seed+uint64(i))
			f := r.play()
			mu.Lock()
			figs = append(figs, f)
			mu.Unlock()
		})
	}
}

// faultRun is one run of the suite: one desk (killed and started again),
// its store, the two fake platforms and the people on them.
type faultRun struct {
	t     *testing.T
	name  string
	size  faultSize
	rng   *lockedRand
	tg    *telegramtest.Server
	sl    *fakeslack.Server
	env   map[string]string
	dir   string
	store *storeServer // nil: the embedded store
	desk  *running
	logs  []*syncBuffer // of every desk started, to tell what went wrong
	stop  chan struct{} // closed when the dialogues are over
	bg    sync.WaitGroup

	mu           sync.Mutex
	faults       map[string]int
	kills        []time.Time
	restarts     []time.Time          // restarts[i]: the start after kills[i]
	readyAfter   []time.Duration      // from a restart to ready
	owedAfter    []time.Duration      // from a restart to the first owed notice
	exits        []string             // the desk ending by itself: its last words
	slackUnacked map[string]time.Time // envelopes first seen unacknowledged
	slackRetried map[string]bool      // envelopes delivered again
}

func newFaultRun(t *testing.T, name string, size faultSize, seed uint64) *faultRun {
	r := &faultRun{t: t, name: name, size: size, rng: &lockedRand{r: rand.New(rand.NewPCG(seed, seed^0x5eed))},
		tg: telegramtestServer(t), sl: newFakeSlack(t), dir: t.TempDir(), stop: make(chan struct{}),
		faults: map[string]int{}, slackUnacked: map[string]time.Time{}, slackRetried: map[string]bool{}}
	r.env = bothEnv(r.tg, r.sl)
	r.env["WEB_CHAT"] = "false"
	if name == "server" {
		r.store = startStoreServer(t)
		r.env["MONGODB_URI"] = r.store.uri()
	}
	return r
}

func (r *faultRun) count(fault string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.faults[fault]++
}

// people makes the run's admins, technicians and requesters.
func (r *faultRun) people() (admins []*actor, techs [][]*actor, ds []*dialogue) {
	reqs := r.size.requesters
	if r.store != nil {
		reqs = r.size.serverReqs
	}
	tg := func(id int64, name string) *actor {
		u := tgUser(id, name)
		return &actor{name: name, account: fmt.Sprintf("telegram:%d", id), phone: fmt.Sprintf("1380000%04d", id), run: r, tg: r.tg, tgUser: u}
	}
	sl := func(n int, name string) *actor {
		id := "U0" + strings.ToUpper(name)
		u := fakeslack.User{ID: id, Name: strings.ToLower(name), RealName: name, Locale: "en-US"}
		r.sl.AddUser(u)
		return &actor{name: name, account: "slack:" + r.sl.Team + "/" + id, phone: fmt.Sprintf("1390000%04d", n), run: r, sl: r.sl, slUser: u}
	}
	admins = []*actor{tg(900, "TgRoot"), sl(900, "SlRoot")}
	techs = make([][]*actor, 2)
	for i := range r.size.techs {
		techs[0] = append(techs[0], tg(int64(200+i), fmt.Sprintf("TgTech%d", i+1)))
		techs[1] = append(techs[1], sl(200+i, fmt.Sprintf("SlTech%d", i+1)))
	}
	for i := range reqs {
		for p, make := range []func(int) *actor{
			func(i int) *actor { return tg(int64(100+i), fmt.Sprintf("TgAnn%d", i+1)) },
			func(i int) *actor { return sl(100+i, fmt.Sprintf("SlAnn%d", i+1)) },
		} {
			req := make(i)
			tag := [2]string{"T", "S"}[p]
			ds = append(ds, &dialogue{req: req, tech: techs[p][i%len(techs[p])],
				title: fmt.Sprintf("Door lock %s%02d", tag, i+1), photo: photoOf(fmt.Sprintf("%s%02d", tag, i+1))})
		}
	}
	return admins, techs, ds
}

// play runs the dialogues under faults until they are over, lets the
// desk settle, and returns the figures.
func (r *faultRun) play() *figures {
	t := r.t
	started := time.Now()
	admins, techs, ds := r.people()
	r.env["ADMINS"] = admins[0].account + "," + admins[1].account
	r.start()

	// The admins register and make the technicians; meanwhile the
	// requesters start, and wait for them only to have their tickets
	// claimed.
	ready := []chan struct{}{make(chan struct{}), make(chan struct{})}
	setupErrs := make([]error, 2)
	var everyone sync.WaitGroup
	for p := range 2 {
		everyone.Go(func() {
			setupErrs[p] = r.setup(admins[p], techs[p])
			close(ready[p])
		})
	}
	for _, d := range ds {
		everyone.Go(func() {
			time.Sleep(r.rng.dur(0, r.size.stagger))
			p := 0
			if d.req.sl != nil {
				p = 1
			}
			d.run(ready[p])
		})
	}
	over := make(chan struct{})
	go func() { everyone.Wait(); close(over) }()
	r.control(over)
	close(r.stop)
	for _, err := range setupErrs {
		if err != nil {
			t.Fatalf("setting up the people: %v", err)
		}
	}
	r.settle(ds)
	r.bg.Wait()
	f := r.figures(ds)
	f.wall = time.Since(started)
	f.report(t, ds)
	return f
}

// setup registers the platform's admin and technicians, and grants the
// technicians their role.
func (r *faultRun) setup(admin *actor, techs []*actor) error {
	var wg sync.WaitGroup
	errs := make([]error, len(techs)+1)
	for i, a := range append([]*actor{admin}, techs...) {
		wg.Go(func() { errs[i] = enrol(a) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for _, tech := range techs {
		for _, step := range []func() error{
			func() error { return admin.command("admin", "Administration:") },
			func() error { return admin.press("Roles", "Whom?") },
			func() error { return admin.say(tech.account, "grant (+) or revoke") },
			func() error { return admin.press("+ Technician", "now has roles") },
		} {
			if err := step(); err != nil {
				return err
			}
		}
	}
	return nil
}

// enrol answers the registration questions as an actor.
func enrol(a *actor) error {
	for _, step := range []func() error{
		func() error { return a.command("start", "name?") },
		func() error { return a.pressOrSay(a.name, "phone") },
		func() error { return a.sharePhone("department") },
		func() error { return a.say("Campus", "registered") },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// photoOf is a photo that tells itself from the others, longer than the
// thumbnail the fake Telegram offers beside it (its first 64 bytes), so
// that a thumbnail kept instead of the photo shows.
func photoOf(tag string) []byte {
	return fmt.Appendf([]byte("\xff\xd8\xff\xe0 photo "), "%s %s", tag, strings.Repeat("x", 100))
}

// start starts the desk on the run's data and keeps its log.
func (r *faultRun) start() {
	r.desk = startDeskIn(r.t, r.env, r.dir)
	r.mu.Lock()
	r.logs = append(r.logs, r.desk.logs)
	r.mu.Unlock()
}

// lockedRand is a random source the run's goroutines share.
type lockedRand struct {
	mu sync.Mutex
	r  *rand.Rand
}

func (l *lockedRand) intn(n int) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.r.IntN(n)
}

// dur is a duration in [lo, hi).
func (l *lockedRand) dur(lo, hi time.Duration) time.Duration {
	if hi <= lo {
		return lo
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	return lo + time.Duration(l.r.Int64N(int64(hi-lo)))
}

func pick[T any](l *lockedRand, xs ...T) T { return xs[l.intn(len(xs))] }
