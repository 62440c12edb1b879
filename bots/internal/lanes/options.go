package lanes

// Options bound a queue. The zero value is one slot and lanes of any
// length.
type Options[T any] struct {
	// Slots is how many items are handled at once, across all lanes.
	Slots int
	// MaxLane is how many items may wait in one lane, the one being
	// handled not counted; Push refuses more with Full. Zero is no
	// bound.
	MaxLane int
	// Skipped, if set, is told of each item not handled because the
	// queue's context ended first, so that the caller can log it in its
	// own words.
	Skipped func(key string, item T)
}

// Result says what became of a pushed item.
type Result int

const (
	Queued Result = iota // waiting in its lane, or being handled
	Full                 // its lane is a flood: the item is dropped
	Closed               // the queue is closing: the item is refused
)

func (r Result) String() string {
	switch r {
	case Queued:
		return "queued"
	case Full:
		return "full"
	case Closed:
		return "closed"
	}
	return "unknown"
}
