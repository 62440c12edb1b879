package repo

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo/options"

	"github.com/repairdesk/repairdesk/desk"
)

// Settings and the catalogue are one document each in the config
// collection, under these IDs.
const (
	idSettings = "settings"
	idCatalog  = "catalog"
)

type settingsDoc struct {
	ID            string `bson:"_id"`
	desk.Settings `bson:",inline"`
}

type catalogDoc struct {
	ID           string `bson:"_id"`
	desk.Catalog `bson:",inline"`
}

func (s *Store) Settings(ctx context.Context) (desk.Settings, error) {
	var d settingsDoc
	err := s.get(ctx, colConfig, idSettings, &d)
	if errors.Is(err, desk.ErrNotFound) {
		return desk.DefaultSettings(), nil
	}
	return d.Settings, err
}

func (s *Store) SaveSettings(ctx context.Context, st desk.Settings, prev int) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	return s.saveConfig(ctx, idSettings, prev, settingsDoc{ID: idSettings, Settings: st})
}

func (s *Store) Catalog(ctx context.Context) (desk.Catalog, error) {
	var d catalogDoc
	err := s.get(ctx, colConfig, idCatalog, &d)
	if errors.Is(err, desk.ErrNotFound) {
		return desk.DefaultCatalog(), nil
	}
	return d.Catalog, err
}

func (s *Store) SaveCatalog(ctx context.Context, c desk.Catalog, prev int) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	return s.saveConfig(ctx, idCatalog, prev, catalogDoc{ID: idCatalog, Catalog: c})
}

// saveConfig writes a config document; version 0 means "none stored yet".
func (s *Store) saveConfig(ctx context.Context, id string, prev int, doc any) error {
	if prev == 0 {
		var probe bson.M
		if err := s.get(ctx, colConfig, id, &probe); errors.Is(err, desk.ErrNotFound) {
			return s.insertDoc(ctx, colConfig, id, doc)
		}
	}
	return s.replaceIf(ctx, colConfig, id, prev, doc)
}

// Seed stores the default settings, catalogue and FAQ articles when the
// database has none, and reports whether it did (a first start).
func (s *Store) Seed(ctx context.Context) (bool, error) { return s.SeedAt(ctx, time.Now()) }

// SeedAt is Seed on a desk whose clock says now: the settings record it
// as the time the desk began (Settings.Since).
func (s *Store) SeedAt(ctx context.Context, now time.Time) (bool, error) {
	var probe bson.M
	err := s.get(ctx, colConfig, idSettings, &probe)
	if err == nil {
		return false, nil
	}
	if !errors.Is(err, desk.ErrNotFound) {
		return false, err
	}
	st := desk.DefaultSettings()
	st.Version = 1
	st.Since = now.Truncate(time.Millisecond) // as BSON stores it
	c := desk.DefaultCatalog()
	c.Version = 1
	if err := s.insertDoc(ctx, colConfig, idCatalog, catalogDoc{ID: idCatalog, Catalog: c}); err != nil && !errors.Is(err, desk.ErrConflict) {
		return false, err
	}
	for _, a := range desk.DefaultArticles() {
		if err := s.SaveArticle(ctx, a); err != nil {
			return false, err
		}
	}
	// Settings last: their presence marks the seeding as done.
	if err := s.insertDoc(ctx, colConfig, idSettings, settingsDoc{ID: idSettings, Settings: st}); err != nil && !errors.Is(err, desk.ErrConflict) {
		return false, err
	}
	return true, nil
}

// Articles lists the FAQ. Every report asks for it (the suggestions), so
// the embedded store serves it from memory (listMemo).
func (s *Store) Articles(ctx context.Context) ([]desk.Article, error) {
	return s.faq.read(ctx, s.readArticles)
}

func (s *Store) readArticles(ctx context.Context) ([]desk.Article, error) {
	as, err := findAll[desk.Article](ctx, s.c(colFAQ), bson.D{}, options.Find().SetSort(bson.D{{Key: "_id", Value: 1}}))
	if err != nil {
		return nil, err
	}
	out := make([]desk.Article, len(as))
	for i, a := range as {
		out[i] = *a
	}
	return out, nil
}

func (s *Store) SaveArticle(ctx context.Context, a desk.Article) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	defer s.faq.changed()
	_, err := s.c(colFAQ).ReplaceOne(ctx, bson.D{{Key: "_id", Value: a.ID}}, a, options.Replace().SetUpsert(true))
	if err != nil {
		return fmt.Errorf("save article %s: %w", a.ID, err)
	}
	return nil
}

func (s *Store) DeleteArticle(ctx context.Context, id string) error {
	if err := s.sessionsFirst(ctx); err != nil {
		return err
	}
	defer s.faq.changed()
	res, err := s.c(colFAQ).DeleteOne(ctx, bson.D{{Key: "_id", Value: id}})
	if err != nil {
		return fmt.Errorf("delete article %s: %w", id, err)
	}
	if res.DeletedCount == 0 {
		return desk.ErrNotFound
	}
	return nil
}

// cloneArticles copies as with their keywords.
func cloneArticles(as []desk.Article) []desk.Article {
	out := make([]desk.Article, len(as))
	for i, a := range as {
		a.Keywords = slices.Clone(a.Keywords)
		out[i] = a
	}
	return out
}
