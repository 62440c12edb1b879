package main

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/repairdesk/repairdesk/conversation"
	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/repo"
)

// adapter is a chat platform: where notices go, and what runs it.
type adapter struct {
	sender conversation.Sender
	part   part
}

// buildAdapters starts the platforms that are configured.
func buildAdapters(ctx context.Context, cfg config, svc *desk.Service, engine *conversation.Engine, store *repo.Store,
	logger *slog.Logger, mux *http.ServeMux, first bool) ([]adapter, error) {
	return nil, nil
}

func schedulerPart(cfg config, svc *desk.Service, store *repo.Store, senders []conversation.Sender, logger *slog.Logger) part {
	return part{"scheduler", func(ctx context.Context) error { <-ctx.Done(); return nil }}
}
