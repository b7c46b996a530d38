package graph

import (
	"time"

	"relocate/ent/schema/schematype"
	"relocate/graph/model"
	"relocate/internal/guide"
)

// Conversions from GraphQL inputs to the services' types.

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// pointers returns pointers to the elements of s, as gqlgen's lists of
// objects want them.
func pointers[T any](s []T) []*T {
	out := make([]*T, len(s))
	for i := range s {
		out[i] = &s[i]
	}
	return out
}

func major(c *model.SourceChange) bool { return c == nil || *c == model.SourceChangeMajor }

func articleEdit(in model.GuideArticleTextInput) guide.ArticleEdit {
	return guide.ArticleEdit{
		Title: in.Title, Slug: in.Slug, Summary: in.Summary, Body: in.Body, MachineTranslated: deref(in.MachineTranslated),
	}
}

// freshnessEdit turns the freshness fields of an article input into the
// service's edit.
func freshnessEdit(reviewedAt *time.Time, figuresFor *int, clearFigures *bool, validUntil *time.Time, clearUntil *bool, sources []*model.SourceInput) guide.FreshnessEdit {
	e := guide.FreshnessEdit{
		ReviewedAt: reviewedAt, FiguresFor: figuresFor, ClearFiguresFor: deref(clearFigures),
		ValidUntil: validUntil, ClearValidUntil: deref(clearUntil),
	}
	if sources != nil {
		s := make(schematype.Sources, len(sources))
		for i, in := range sources {
			s[i] = schematype.Source{Title: in.Title, Publisher: in.Publisher, URL: in.URL}
		}
		e.Sources = &s
	}
	return e
}

func placeInput(in model.PlaceInput) guide.PlaceInput {
	p := guide.PlaceInput{
		CategoryID: in.CategoryID, Name: in.Name, Street: in.Street, PostalCode: in.PostalCode, City: in.City,
		Phone: in.Phone, Email: in.Email, Website: in.Website, Latitude: in.Latitude, Longitude: in.Longitude,
		SpokenLanguages: in.SpokenLanguages, WheelchairAccessible: in.WheelchairAccessible,
	}
	if in.OpeningHours != nil {
		h := make(schematype.OpeningHours, len(in.OpeningHours))
		for i, o := range in.OpeningHours {
			h[i] = schematype.OpeningPeriod{Day: o.Day, Opens: o.Opens, Closes: o.Closes}
		}
		p.OpeningHours = &h
	}
	return p
}
