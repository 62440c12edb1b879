package lanes

// drain handles a lane's items one after the other and removes the lane
// when it is empty.
func (q *Queue[T]) drain(key string) {
	defer q.wg.Done()
	for {
		item, ok := q.next(key)
		if !ok {
			return
		}
		q.run(key, item)
	}
}

// next takes the first item of key's lane, or removes the lane when it is
// empty; both under the lock, so that Push sees either a lane that will
// be drained or none.
func (q *Queue[T]) next(key string) (item T, ok bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	waiting := q.lanes[key]
	if len(waiting) == 0 {
		delete(q.lanes, key)
		return item, false
	}
	item = waiting[0]
	var zero T
	waiting[0] = zero // the lane's array must not keep a handled item alive
	q.lanes[key] = waiting[1:]
	return item, true
}

// run handles item once a slot is free. If the context ends first, or
// has ended, the item is skipped: handling it then would only fail, and
// Close would wait for nothing.
func (q *Queue[T]) run(key string, item T) {
	select {
	case q.slots <- struct{}{}:
		if q.ctx.Err() == nil {
			q.handle(q.ctx, item)
			<-q.slots
			return
		}
		<-q.slots
	case <-q.ctx.Done():
	}
	q.mu.Lock()
	q.skipped++
	q.mu.Unlock()
	if q.opt.Skipped != nil {
		q.opt.Skipped(key, item)
	}
}
