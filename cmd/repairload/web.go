package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
)

// webEntry is a message as the web chat's event stream shows it.
type webEntry struct {
	ID   string `json:"id"`
	Text string `json:"text"`
	Rows []struct {
		Buttons []struct {
			Label string `json:"label"`
			Token string `json:"token"`
		} `json:"buttons"`
	} `json:"rows"`
}

func (e webEntry) labelled(labels []string) (string, bool) {
	for _, r := range e.Rows {
		for _, b := range r.Buttons {
			if slices.Contains(labels, b.Label) {
				return b.Token, true
			}
		}
	}
	return "", false
}

func (e webEntry) token(i int) (string, bool) {
	for _, r := range e.Rows {
		for _, b := range r.Buttons {
			if i == 0 {
				return b.Token, true
			}
			i--
		}
	}
	return "", false
}

// webPerson is one of the web chat's demo people, played by the tool: the
// chat knows no one else. It reads its event stream as the page does.
type webPerson struct {
	base, key string
	mu        sync.Mutex
	seen      map[string]webEntry
	changed   chan struct{}
}

// webStep is one input: a text (a command if it starts with "/"), or a
// press of the button at position press of the answer before.
type webStep struct {
	text  string
	press int
	label []string // or the button with one of these labels
}

// webDialogue is a report from /report to Submit, then /mine. The demo
// people are registered already.
var webDialogue = []webStep{
	{text: "/report new"}, {press: 0}, {press: 0}, {text: "101"}, {press: 0}, {press: 5},
	{text: "Door lock broken"}, {text: "The lock of room 101 does not close."}, {press: 0},
	{label: []string{"Any time", "随时"}}, {press: 0}, {press: 0}, {text: "/mine"},
}

// runWeb plays the dialogue rounds times for each of the demo people at
// once. The answer comes back with the post that sends the input, so the
// latency is the post's.
func runWeb(ctx context.Context, base string, rounds int, rec *recorder) error {
	var keys []string
	resp, err := http.Get(base + "/api/people")
	if err != nil {
		return err
	}
	var cfg struct {
		People []struct {
			Key string `json:"key"`
		} `json:"people"`
	}
	err = json.NewDecoder(resp.Body).Decode(&cfg)
	resp.Body.Close()
	if err != nil {
		return fmt.Errorf("web chat people: %w", err)
	}
	for _, p := range cfg.People {
		keys = append(keys, p.Key)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, len(keys))
	for _, key := range keys {
		p := &webPerson{base: base, key: key, seen: map[string]webEntry{}, changed: make(chan struct{})}
		if err := p.listen(ctx); err != nil {
			return err
		}
		wg.Go(func() {
			for range rounds {
				if err := p.play(ctx, rec); err != nil {
					errs <- fmt.Errorf("%s: %w", key, err)
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	var all []error
	for err := range errs {
		all = append(all, err)
	}
	return errors.Join(all...)
}

// listen reads the person's event stream until ctx ends.
func (p *webPerson) listen(ctx context.Context) error {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, p.base+"/events?person="+p.key, nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 1<<20), 16<<20)
		event := ""
		for sc.Scan() {
			line := sc.Text()
			if v, ok := strings.CutPrefix(line, "event: "); ok {
				event = v
				continue
			}
			data, ok := strings.CutPrefix(line, "data: ")
			if !ok || event != "message" {
				continue
			}
			var e webEntry
			if json.Unmarshal([]byte(data), &e) == nil {
				p.mu.Lock()
				p.seen[e.ID] = e
				close(p.changed)
				p.changed = make(chan struct{})
				p.mu.Unlock()
			}
		}
	}()
	return nil
}

// entry waits for the stream to show message id.
func (p *webPerson) entry(ctx context.Context, id string) (webEntry, error) {
	timer := time.NewTimer(30 * time.Second)
	defer timer.Stop()
	for {
		p.mu.Lock()
		e, ok := p.seen[id]
		ch := p.changed
		p.mu.Unlock()
		if ok {
			return e, nil
		}
		select {
		case <-ch:
		case <-timer.C:
			return webEntry{}, fmt.Errorf("message %s never shown", id)
		case <-ctx.Done():
			return webEntry{}, ctx.Err()
		}
	}
}

func (p *webPerson) play(ctx context.Context, rec *recorder) error {
	var last webEntry
	for i, st := range webDialogue {
		body := map[string]string{"person": p.key, "kind": "text", "text": st.text}
		if st.text == "" {
			tok, ok := last.token(st.press)
			if st.label != nil {
				tok, ok = last.labelled(st.label)
			}
			if !ok {
				return fmt.Errorf("step %d: no button %d on %q", i, st.press, last.Text)
			}
			body = map[string]string{"person": p.key, "kind": "button", "token": tok, "messageId": last.ID}
		}
		b, _ := json.Marshal(body)
		start := time.Now()
		resp, err := http.Post(p.base+"/api/send", "application/json", bytes.NewReader(b))
		if err != nil {
			rec.failed()
			return err
		}
		var reply struct {
			IDs []string `json:"ids"`
		}
		err = json.NewDecoder(resp.Body).Decode(&reply)
		resp.Body.Close()
		took := time.Since(start)
		if err != nil || len(reply.IDs) == 0 {
			rec.failed()
			return fmt.Errorf("step %d: %s, no answer (%v)", i, resp.Status, err)
		}
		rec.step(took)
		if last, err = p.entry(ctx, reply.IDs[len(reply.IDs)-1]); err != nil {
			return err
		}
	}
	return nil
}
