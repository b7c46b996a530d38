package site

import (
	"net/http"

	"relocate/ent"
	"relocate/internal/guide"
)

// checklistKey is the key of the article the home page presents as the
// arrival checklist.
const checklistKey = "arrival-checklist"

// topicCard is a topic in a list of topics.
type topicCard struct {
	Name, Description, Path, Icon string
	Children                      []topicCard
}

// articleCard is an article in a list of articles.
type articleCard struct {
	Title, Summary, Path string
}

type homeData struct {
	Intro     pageText
	Topics    []topicCard
	Checklist *articleCard
}

func (s *Site) home(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	topics, err := s.guide.TopCategories(ctx)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	d := homeData{Intro: s.texts[kHome][v.Lang]}
	for _, c := range topics {
		card, err := s.topicCard(r, v, c, true)
		if err != nil {
			s.fail(w, v, err)
			return
		}
		d.Topics = append(d.Topics, card)
	}
	if a, err := s.guide.ArticleByKey(ctx, checklistKey); err == nil {
		card, err := s.articleCard(r, v, a)
		if err != nil {
			s.fail(w, v, err)
			return
		}
		d.Checklist = &card
	}
	v.Kind, v.Title, v.Description, v.Data = kHome, d.Intro.Title, d.Intro.Description, d
	v.staticAlternates(kHome, "")
	s.render(w, v, "home")
}

// topicCard describes topic c in the reader's language, with its
// subtopics when children is set.
func (s *Site) topicCard(r *http.Request, v *view, c *ent.GuideCategory, children bool) (topicCard, error) {
	t, err := s.guide.CategoryText(r.Context(), c)
	if err != nil || !t.Found {
		return topicCard{}, err
	}
	card := topicCard{Name: t.Text.Name, Description: t.Text.Description, Path: pathTo(v.Lang, kTopic, t.Text.Slug), Icon: c.Icon}
	if !children {
		return card, nil
	}
	subs, err := c.Children(r.Context())
	if err != nil {
		return card, err
	}
	for _, ch := range guide.SortCategories(subs) {
		cc, err := s.topicCard(r, v, ch, false)
		if err != nil {
			return card, err
		}
		card.Children = append(card.Children, cc)
	}
	return card, nil
}

// articleCard describes article a in the reader's language.
func (s *Site) articleCard(r *http.Request, v *view, a *ent.GuideArticle) (articleCard, error) {
	t, err := s.guide.ArticleText(r.Context(), a)
	if err != nil || !t.Found {
		return articleCard{}, err
	}
	return articleCard{Title: t.Text.Title, Summary: t.Text.Summary, Path: v.ArticlePath(t.Text.Slug)}, nil
}
