package desk

import (
	"context"
	"slices"
	"sync"
	"time"
)

// chatHealth remembers the group chats the desk could not post in (the bot
// removed from a group, a channel archived), so that staff see it in
// /help and the admins hear of it once, until a post gets through again.
// It lives in memory: after a restart the first failed post finds it again.
type chatHealth struct {
	mu   sync.Mutex
	down map[string]time.Time // chat → when it was found unreachable
}

// ChatUnreachable records that the desk could not post in chat, and
// reports whether that is news (the chat was reachable until now).
func (s *Service) ChatUnreachable(chat string) bool {
	s.health.mu.Lock()
	defer s.health.mu.Unlock()
	if _, known := s.health.down[chat]; known {
		return false
	}
	if s.health.down == nil {
		s.health.down = map[string]time.Time{}
	}
	s.health.down[chat] = s.Now()
	return true
}

// ChatReachable records that a post in chat got through.
func (s *Service) ChatReachable(chat string) {
	s.health.mu.Lock()
	defer s.health.mu.Unlock()
	delete(s.health.down, chat)
}

// UnreachableChats lists the group chats the desk cannot post in now.
func (s *Service) UnreachableChats() []string {
	s.health.mu.Lock()
	defer s.health.mu.Unlock()
	var out []string
	for chat := range s.health.down {
		out = append(out, chat)
	}
	slices.Sort(out)
	return out
}

// HoldersOf lists the people holding role, for reaching them one by one
// when their group chat cannot be reached.
func (s *Service) HoldersOf(ctx context.Context, role Role) ([]*User, error) {
	staff, err := s.users.Staff(ctx)
	if err != nil {
		return nil, err
	}
	var out []*User
	for _, u := range staff {
		if slices.Contains(u.Roles, role) {
			out = append(out, u)
		}
	}
	return out, nil
}
