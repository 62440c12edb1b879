package edge

import (
	"context"
	"net"
	"net/http"
	"time"
)

// Listen serves h on addr until ctx ends, then lets the requests in
// flight finish for a few seconds. With no address it only waits: the
// program mounts h on its own server. base, if set, is the context
// requests are served in, so that work they queue may outlive ctx.
func Listen(ctx context.Context, addr string, h http.Handler, base context.Context) error {
	if addr == "" {
		<-ctx.Done()
		return nil
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	return Serve(ctx, ln, h, base)
}

// Serve is Listen on a listener of the caller's.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, base context.Context) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	if base != nil {
		srv.BaseContext = func(net.Listener) context.Context { return base }
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = srv.Shutdown(shut)
	<-done
	return nil
}
