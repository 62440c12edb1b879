package desk

import (
	"context"
	"slices"
)

// SaveArticle adds or replaces a FAQ article. A new article made by an
// input (WithInput) takes its ID from the input, so the same input handed
// over again after a crash finds the article it added and returns it as
// it is, rather than add it twice.
func (s *Service) SaveArticle(ctx context.Context, actor *User, a Article) (Article, error) {
	if err := requireAdmin(actor); err != nil {
		return a, err
	}
	if a.ID == "" {
		if a.ID = inputID(ctx); a.ID != "" {
			as, err := s.config.Articles(ctx)
			if err != nil {
				return a, err
			}
			if i := slices.IndexFunc(as, func(x Article) bool { return x.ID == a.ID }); i >= 0 {
				return as[i], nil
			}
		}
	}
	a, err := cleanArticle(a)
	if err != nil {
		return a, err
	}
	return a, s.config.SaveArticle(ctx, a)
}

// EditArticle replaces an existing FAQ article, by its ID. Unlike
// SaveArticle it refuses an article deleted meanwhile, rather than bring
// it back.
func (s *Service) EditArticle(ctx context.Context, actor *User, a Article) (Article, error) {
	if err := requireAdmin(actor); err != nil {
		return a, err
	}
	as, err := s.config.Articles(ctx)
	if err != nil {
		return a, err
	}
	if a.ID == "" || !slices.ContainsFunc(as, func(x Article) bool { return x.ID == a.ID }) {
		return a, errorf(ErrNotFound, "err.no_article")
	}
	if a, err = cleanArticle(a); err != nil {
		return a, err
	}
	return a, s.config.SaveArticle(ctx, a)
}

func cleanArticle(a Article) (Article, error) {
	var err error
	if a.Title, err = CleanText(a.Title, MaxTitle, true); err != nil {
		return a, err
	}
	if a.Body, err = CleanText(a.Body, MaxText, true); err != nil {
		return a, err
	}
	if a.ID == "" {
		a.ID = newID()
	}
	if a.Keywords == nil {
		a.Keywords = []string{}
	}
	return a, nil
}

// DeleteArticle removes a FAQ article.
func (s *Service) DeleteArticle(ctx context.Context, actor *User, id string) error {
	if err := requireAdmin(actor); err != nil {
		return err
	}
	return s.config.DeleteArticle(ctx, id)
}
