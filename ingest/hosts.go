package ingest

import (
	"context"
	"strings"
	"sync"
	"time"
)

// HostLimiter keeps requests to one host polite: at most PerHost at once and
// request starts at least Delay apart. Hosts are told apart by name and port.
type HostLimiter struct {
	perHost int
	delay   time.Duration

	mu    sync.Mutex
	hosts map[string]*hostState
}

type hostState struct {
	slots chan struct{}
	next  time.Time // earliest start of the next request (with Delay)
}

// NewHostLimiter bounds concurrency per host to perHost (at least 1) and
// spaces request starts by delay.
func NewHostLimiter(perHost int, delay time.Duration) *HostLimiter {
	if perHost < 1 {
		perHost = 1
	}
	return &HostLimiter{perHost: perHost, delay: delay, hosts: map[string]*hostState{}}
}

// Acquire waits for a slot on host and returns the function that frees it.
func (h *HostLimiter) Acquire(ctx context.Context, host string) (func(), error) {
	host = strings.ToLower(host)
	h.mu.Lock()
	s, ok := h.hosts[host]
	if !ok {
		s = &hostState{slots: make(chan struct{}, h.perHost)}
		h.hosts[host] = s
	}
	h.mu.Unlock()

	select {
	case s.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	release := func() { <-s.slots }
	if h.delay > 0 {
		h.mu.Lock()
		now := time.Now()
		start := s.next
		if start.Before(now) {
			start = now
		}
		s.next = start.Add(h.delay)
		h.mu.Unlock()
		if wait := time.Until(start); wait > 0 {
			t := time.NewTimer(wait)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				release()
				return nil, ctx.Err()
			}
		}
	}
	return release, nil
}
