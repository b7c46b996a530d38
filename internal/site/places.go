package site

import (
	"net/http"
	"slices"
	"strings"

	"relocate/ent"
	"relocate/internal/guide"
	"relocate/internal/lang"
)

// placeFilter is the filter form of the directory, as sent in the URL.
type placeFilter struct {
	Category   string
	Language   string
	Wheelchair bool
	OpenNow    bool
}

type option struct {
	Value, Label string
	Selected     bool
}

type placesData struct {
	Filter     placeFilter
	Categories []option
	Languages  []option
	Places     []placeCard
	Filtered   bool
}

// placeCard is a place in a list.
type placeCard struct {
	Name, LocalName, Category, Address, Description, Path string
	Languages                                             []string
	Wheelchair                                            *bool
	OpenNow                                               bool
	HasHours                                              bool
	Lang                                                  lang.Code
}

func (s *Site) places(w http.ResponseWriter, r *http.Request, v *view) {
	ctx := r.Context()
	q := r.URL.Query()
	f := placeFilter{
		Category: q.Get("category"), Language: strings.ToLower(q.Get("language")),
		Wheelchair: q.Get("wheelchair") == "1", OpenNow: q.Get("open") == "1",
	}
	cats, err := s.guide.PlaceCategories(ctx)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	codes, err := s.guide.SpokenLanguages(ctx)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	d := placesData{Filter: f}
	for _, c := range cats {
		t, err := s.guide.PlaceCategoryText(ctx, c)
		if err != nil {
			s.fail(w, v, err)
			return
		}
		d.Categories = append(d.Categories, option{Value: c.Key, Label: t.Text.Name, Selected: c.Key == f.Category})
	}
	for _, c := range codes {
		d.Languages = append(d.Languages, option{Value: c, Label: v.LanguageName(c), Selected: c == f.Language})
	}
	where := &ent.PlaceWhereInput{}
	if slices.ContainsFunc(d.Categories, func(o option) bool { return o.Selected }) {
		where.HasCategoryWith = []*ent.PlaceCategoryWhereInput{{Key: &f.Category}}
	}
	if slices.Contains(codes, f.Language) {
		p, err := guide.Speaks(f.Language)
		if err != nil {
			s.fail(w, v, err)
			return
		}
		where.AddPredicates(p)
	}
	if f.Wheelchair {
		yes := true
		where.WheelchairAccessible = &yes
	}
	now := s.now()
	if f.OpenNow {
		where.AddPredicates(guide.OpenAt(now))
	}
	d.Filtered = f != placeFilter{}
	if where.HasCategoryWith == nil && where.WheelchairAccessible == nil && len(where.Predicates) == 0 {
		where = nil // the whole directory, which the snapshot serves
	}
	places, err := s.allPlaces(ctx, where)
	if err != nil {
		s.fail(w, v, err)
		return
	}
	for _, p := range places {
		card, err := s.placeCard(r, v, p)
		if err != nil {
			s.fail(w, v, err)
			return
		}
		d.Places = append(d.Places, card)
	}
	v.Kind, v.Title, v.Description, v.Data = kPlaces, v.T("places.title"), v.T("places.about"), d
	v.NoIndex = d.Filtered
	v.staticAlternates(kPlaces, "")
	if d.Filtered {
		for i := range v.Alternates {
			v.Alternates[i].Href += "?" + r.URL.RawQuery
		}
	}
	s.render(w, v, "places")
}

// placeCard describes p in the reader's language.
func (s *Site) placeCard(r *http.Request, v *view, p *ent.Place) (placeCard, error) {
	ctx := r.Context()
	t, err := s.guide.PlaceText(ctx, p)
	if err != nil {
		return placeCard{}, err
	}
	card := placeCard{
		Name: p.Name, Address: address(p), Path: pathTo(v.Lang, kPlaces, p.Key), Wheelchair: p.WheelchairAccessible,
		HasHours: len(p.OpeningHours) > 0, OpenNow: guide.OpenNow(p, s.now()), Lang: t.Language,
	}
	if t.Found {
		card.LocalName, card.Description = t.Text.Name, t.Text.Description
	}
	for _, c := range p.SpokenLanguages {
		card.Languages = append(card.Languages, v.LanguageName(c))
	}
	cat, err := p.Category(ctx)
	if err != nil {
		return card, err
	}
	ct, err := s.guide.PlaceCategoryText(ctx, cat)
	if err != nil {
		return card, err
	}
	if ct.Found {
		card.Category = ct.Text.Name
	}
	return card, nil
}

// address is the one-line postal address of p, as far as it is known.
func address(p *ent.Place) string {
	city := strings.TrimSpace(p.PostalCode + " " + p.City)
	parts := []string{}
	for _, s := range []string{p.Street, city} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}
