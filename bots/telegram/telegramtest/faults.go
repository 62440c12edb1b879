package telegramtest

// Heal drops the failures FailNext and FailMethod queued and not yet
// used: the platform works again.
func (s *Server) Heal() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fails = nil
}
