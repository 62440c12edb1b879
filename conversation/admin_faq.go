package conversation

import (
	"errors"
	"slices"
	"strings"

	"github.com/repairdesk/repairdesk/desk"
	"github.com/repairdesk/repairdesk/talk"
)

// articleSteps: writing, editing or deleting a FAQ article.
func articleSteps() map[string]step {
	return steps(articleAddSteps(), articleEditSteps(), articleDeleteSteps())
}

// articleAddSteps: a new article: title, text, keywords.
func articleAddSteps() map[string]step {
	return map[string]step{
		"faq_title": textStep("admin.faq_title", desk.MaxTitle, true, func(d *Draft) *string { return &d.Name }, "faq_body"),
		"faq_body":  textStep("admin.faq_body", desk.MaxText, true, func(d *Draft) *string { return &d.Text }, "faq_keywords"),
		"faq_keywords": {
			ask: func(t *turn) talk.Message { return t.question("admin.faq_keywords", []talk.Row{t.skipRow()}) },
			take: func(t *turn) (string, error) {
				k, err := t.textAnswer(desk.MaxText, false)
				if err != nil {
					return "", err
				}
				a, err := t.svc().SaveArticle(t.ctx, t.user, desk.Article{
					Title: t.s.Draft.Name, Body: t.s.Draft.Text, Keywords: splitKeywords(k),
				})
				if err != nil {
					return "", err
				}
				t.acted = true
				t.endFlow()
				t.say("admin.faq_saved", a.Title)
				return "", nil
			},
		},
	}
}

// articleFields are the parts of an article an edit changes, one at a
// time, and articleFieldKeys their names' message keys.
var (
	articleFields    = []string{"title", "body", "keywords"}
	articleFieldKeys = []string{"admin.faq_field_title", "admin.faq_field_body", "admin.faq_field_keywords"}
)

// articleEditSteps: an existing article: which, which part, its new text
// (shown with the current one, so a small fix can be copied and changed).
func articleEditSteps() map[string]step {
	return map[string]step{
		"faq_edit": {
			ask: func(t *turn) talk.Message { return t.question("admin.faq_edit_pick", t.articleOptions()) },
			take: func(t *turn) (string, error) {
				a, gone, err := t.pickedArticle()
				if err != nil {
					return "", err
				}
				if gone {
					return "", &desk.Error{Kind: desk.ErrNotFound, Msg: "err.no_article"}
				}
				t.s.Draft.Key, t.s.Draft.Name = a.ID, a.Title
				return "faq_field", nil
			},
		},
		"faq_field": {
			ask: func(t *turn) talk.Message {
				return t.question("admin.faq_field", t.options(t.labels("", articleFieldKeys), 3), t.s.Draft.Name)
			},
			take: func(t *turn) (string, error) {
				i, err := t.pickedIndex(t.labels("", articleFieldKeys))
				if err != nil {
					return "", err
				}
				t.s.Draft.Op = articleFields[i]
				return "faq_value", nil
			},
		},
		"faq_value": {
			ask: func(t *turn) talk.Message {
				a, _ := t.article(t.s.Draft.Key)
				now := map[string]string{"title": a.Title, "body": a.Body, "keywords": strings.Join(a.Keywords, ", ")}[t.s.Draft.Op]
				return t.question("admin.faq_value", nil, t.T(articleFieldKeys[slices.Index(articleFields, t.s.Draft.Op)]), now)
			},
			take: func(t *turn) (string, error) {
				limit, required := desk.MaxText, t.s.Draft.Op != "keywords"
				if t.s.Draft.Op == "title" {
					limit = desk.MaxTitle
				}
				v, err := t.textAnswer(limit, required)
				if err != nil {
					return "", err
				}
				a, err := t.article(t.s.Draft.Key)
				if err != nil {
					t.endFlow()
					return "", err
				}
				switch t.s.Draft.Op {
				case "title":
					a.Title = v
				case "body":
					a.Body = v
				default:
					a.Keywords = splitKeywords(v)
				}
				if a, err = t.svc().EditArticle(t.ctx, t.user, a); err != nil {
					return "", err
				}
				t.acted = true
				t.endFlow()
				t.say("admin.faq_saved", a.Title)
				return "", nil
			},
		},
	}
}

// articleDeleteSteps: which article to delete.
func articleDeleteSteps() map[string]step {
	return map[string]step{
		"faq_pick": {
			ask: func(t *turn) talk.Message { return t.question("admin.faq_pick", t.articleOptions()) },
			take: func(t *turn) (string, error) {
				a, gone, err := t.pickedArticle()
				if err != nil {
					return "", err
				}
				if !gone {
					err = t.svc().DeleteArticle(t.ctx, t.user, a.ID)
					gone = errors.Is(err, desk.ErrNotFound)
				}
				if gone {
					// Deleted already, by this very press before a crash
					// or by another admin: what was asked is done.
					t.endFlow()
					t.say("admin.faq_gone")
					return "", nil
				}
				if err != nil {
					return "", err
				}
				t.acted = true
				t.endFlow()
				t.say("admin.faq_deleted", a.Title)
				return "", nil
			},
		},
	}
}

// articleOptions lists the articles by title, each button naming its
// article by ID (refOptions).
func (t *turn) articleOptions() []talk.Row {
	titles, ids := t.articleTitles()
	return t.refOptions(titles, ids, 1)
}

// pickedArticle is the article chosen from articleOptions; gone reports
// one pressed that is no longer there.
func (t *turn) pickedArticle() (a desk.Article, gone bool, err error) {
	titles, ids := t.articleTitles()
	id, gone, err := t.pickedRef(titles, ids)
	if gone || err != nil {
		return desk.Article{}, gone, err
	}
	a, err = t.article(id)
	if errors.Is(err, desk.ErrNotFound) {
		return desk.Article{}, true, nil
	}
	return a, false, err
}

// article reads one article by ID; ErrNotFound if it was deleted.
func (t *turn) article(id string) (desk.Article, error) {
	as, err := t.svc().Articles(t.ctx)
	if err != nil {
		return desk.Article{}, err
	}
	for _, a := range as {
		if a.ID == id {
			return a, nil
		}
	}
	return desk.Article{}, &desk.Error{Kind: desk.ErrNotFound, Msg: "err.no_article"}
}

// articleTitles are the articles' titles and IDs, in the same order.
func (t *turn) articleTitles() (titles, ids []string) {
	as, err := t.svc().Articles(t.ctx)
	if err != nil {
		t.e.log.Warn("list articles", "err", err)
	}
	titles, ids = make([]string, len(as)), make([]string, len(as))
	for i, a := range as {
		titles[i], ids[i] = a.Title, a.ID
	}
	return titles, ids
}

func splitKeywords(s string) []string {
	out := []string{}
	for _, k := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '，' || r == '、' }) {
		out = append(out, strings.ToLower(k))
	}
	return out
}
