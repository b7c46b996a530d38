package guide

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"relocate/ent"
	"relocate/ent/glossaryterm"
	"relocate/ent/glossarytermtranslation"
	"relocate/ent/guidecategorytranslation"
	"relocate/ent/place"
	"relocate/ent/placetranslation"
	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

// ErrBadPlace is returned for a place field that is not valid.
var ErrBadPlace = apperr.New(apperr.BadUserInput, "error.place_invalid", nil)

// canWrite checks that the viewer may write a text in language l.
func canWrite(ctx context.Context, l lang.Code) error {
	if !viewer.FromContext(ctx).CanIn(viewer.Translate, l) {
		return apperr.ErrForbidden
	}
	return nil
}

// sourceRevision returns the revision a text written now in language l
// belongs to: a major change of the German text raises it, and save stores
// the raised revision on the article, topic, place or term.
func sourceRevision(l lang.Code, current int, major bool, save func(int) error) (int, error) {
	if l != lang.Source || !major {
		return current, nil
	}
	return current + 1, save(current + 1)
}

// SetStatus publishes, unpublishes (DRAFT) or archives the topic, article,
// place or glossary term id.
func (s *Service) SetStatus(ctx context.Context, id int, status schematype.Status) (ent.Noder, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	var n ent.Noder
	err := s.inTx(ctx, func(tx *ent.Client) error {
		node, err := tx.Noder(ctx, id)
		if err != nil {
			return notFound(err, apperr.New(apperr.NotFound, "error.not_found", nil))
		}
		switch x := node.(type) {
		case *ent.GuideArticle:
			n, err = x.Update().SetStatus(status).Save(ctx)
		case *ent.GuideCategory:
			n, err = x.Update().SetStatus(status).Save(ctx)
		case *ent.Place:
			n, err = x.Update().SetStatus(status).Save(ctx)
		case *ent.GlossaryTerm:
			n, err = x.Update().SetStatus(status).Save(ctx)
		default:
			return ErrNotEditable
		}
		return err
	})
	return n, err
}

// Reorder gives siblings the positions of their order in ids: the articles
// of one topic, the subtopics of one topic, the top-level topics, or the
// place categories.
func (s *Service) Reorder(ctx context.Context, ids []int) ([]ent.Noder, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	nodes := make([]ent.Noder, len(ids))
	err := s.inTx(ctx, func(tx *ent.Client) error {
		parent := ""
		for i, id := range ids {
			node, err := tx.Noder(ctx, id)
			if err != nil {
				return notFound(err, apperr.New(apperr.NotFound, "error.not_found", nil))
			}
			var p string
			switch x := node.(type) {
			case *ent.GuideArticle:
				p = fmt.Sprint("article:", x.CategoryID)
				node, err = x.Update().SetPosition(i + 1).Save(ctx)
			case *ent.GuideCategory:
				p = "topic:"
				if x.ParentID != nil {
					p += fmt.Sprint(*x.ParentID)
				}
				node, err = x.Update().SetPosition(i + 1).Save(ctx)
			case *ent.PlaceCategory:
				p = "placecategory"
				node, err = x.Update().SetPosition(i + 1).Save(ctx)
			default:
				return ErrNotEditable
			}
			if err != nil {
				return err
			}
			if i > 0 && p != parent {
				return ErrNotSiblings
			}
			parent, nodes[i] = p, node
		}
		return nil
	})
	return nodes, err
}

// TopicInput describes a topic; on update nil fields stay as they are.
type TopicInput struct {
	ParentID    *int
	ClearParent bool
	Icon        *string
	Position    *int
}

// TopicText is a topic's text in one language.
type TopicText struct {
	Name, Slug        string
	Description       string
	MachineTranslated bool
}

// CreateTopic creates a draft topic with its German text.
func (s *Service) CreateTopic(ctx context.Context, key string, in TopicInput, de TopicText) (*ent.GuideCategory, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	if !slugPattern.MatchString(key) || len(key) > 100 {
		return nil, ErrKeyInvalid
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		c := tx.GuideCategory.Create().SetKey(key).SetStatus(schematype.Draft).SetNillableIcon(in.Icon)
		if in.Position != nil {
			c.SetPosition(*in.Position)
		}
		if in.ParentID != nil {
			if _, err := tx.GuideCategory.Get(ctx, *in.ParentID); err != nil {
				return notFound(err, ErrCategoryNotFound)
			}
			c.SetParentID(*in.ParentID)
		}
		topic, err := c.Save(ctx)
		if ent.IsConstraintError(err) {
			return ErrKeyTaken
		}
		if err != nil {
			return err
		}
		id = topic.ID
		return writeTopicText(ctx, tx, topic, lang.Source, de, topic.SourceRevision)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).GuideCategory.Get(ctx, id)
}

// UpdateTopic moves a topic or changes its icon.
func (s *Service) UpdateTopic(ctx context.Context, id int, in TopicInput) (*ent.GuideCategory, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		topic, err := tx.GuideCategory.Get(ctx, id)
		if err != nil {
			return notFound(err, ErrCategoryNotFound)
		}
		u := topic.Update().SetNillableIcon(in.Icon).SetNillablePosition(in.Position)
		switch {
		case in.ClearParent:
			u.ClearParentID()
		case in.ParentID != nil:
			// A topic cannot sit under itself or one of its subtopics.
			for p := *in.ParentID; ; {
				if p == id {
					return ErrNotEditable
				}
				pt, err := tx.GuideCategory.Get(ctx, p)
				if err != nil {
					return notFound(err, ErrCategoryNotFound)
				}
				if pt.ParentID == nil {
					break
				}
				p = *pt.ParentID
			}
			u.SetParentID(*in.ParentID)
		}
		return u.Exec(ctx)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).GuideCategory.Get(ctx, id)
}

// WriteTopicText writes topic id's text in language l; for German, a major
// change makes the translations outdated.
func (s *Service) WriteTopicText(ctx context.Context, id int, l lang.Code, in TopicText, major bool) (*ent.GuideCategory, error) {
	if err := canWrite(ctx, l); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		topic, err := tx.GuideCategory.Get(ctx, id)
		if err != nil {
			return notFound(err, ErrCategoryNotFound)
		}
		rev, err := sourceRevision(l, topic.SourceRevision, major, func(r int) error {
			return topic.Update().SetSourceRevision(r).Exec(ctx)
		})
		if err != nil {
			return err
		}
		return writeTopicText(ctx, tx, topic, l, in, rev)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).GuideCategory.Get(ctx, id)
}

func writeTopicText(ctx context.Context, tx *ent.Client, topic *ent.GuideCategory, l lang.Code, in TopicText, rev int) error {
	if strings.TrimSpace(in.Name) == "" {
		return ErrTextRequired
	}
	if !slugPattern.MatchString(in.Slug) {
		return ErrSlugInvalid
	}
	err := tx.GuideCategoryTranslation.Create().SetCategoryID(topic.ID).SetLanguage(l).
		SetName(in.Name).SetSlug(in.Slug).SetDescription(in.Description).SetSourceRevision(rev).
		SetMachineTranslated(in.MachineTranslated).
		OnConflictColumns(guidecategorytranslation.FieldLanguage, guidecategorytranslation.FieldCategoryID).
		UpdateNewValues().Exec(ctx)
	if ent.IsConstraintError(err) {
		return ErrSlugTaken
	}
	return err
}

// PlaceInput describes a place; on update nil fields stay as they are.
type PlaceInput struct {
	CategoryID                                            *int
	Name, Street, PostalCode, City, Phone, Email, Website *string
	Latitude, Longitude                                   *float64
	SpokenLanguages                                       []string
	WheelchairAccessible                                  *bool
	OpeningHours                                          *schematype.OpeningHours
}

// PlaceText is a place's description in one language.
type PlaceText struct {
	Name              string
	Description       string
	MachineTranslated bool
}

func checkPlace(in PlaceInput) error {
	if in.Name != nil && (strings.TrimSpace(*in.Name) == "" || utf8.RuneCountInString(*in.Name) > 200) {
		return ErrBadPlace
	}
	if in.Website != nil && *in.Website != "" {
		if u, err := url.Parse(*in.Website); err != nil || u.Scheme != "https" || u.Host == "" {
			return ErrBadPlace
		}
	}
	if in.Email != nil && *in.Email != "" && !strings.Contains(*in.Email, "@") {
		return ErrBadPlace
	}
	for _, c := range in.SpokenLanguages {
		if !languageCode.MatchString(c) {
			return errInvalidLanguageCode(c)
		}
	}
	if in.OpeningHours != nil && in.OpeningHours.Validate() != nil {
		return ErrBadPlace
	}
	if (in.Latitude == nil) != (in.Longitude == nil) {
		return ErrBadPlace
	}
	return nil
}

// CreatePlace creates a draft place with its German description.
func (s *Service) CreatePlace(ctx context.Context, key string, in PlaceInput, de PlaceText) (*ent.Place, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	if !slugPattern.MatchString(key) || len(key) > 100 {
		return nil, ErrKeyInvalid
	}
	if in.CategoryID == nil || in.Name == nil {
		return nil, ErrBadPlace
	}
	if err := checkPlace(in); err != nil {
		return nil, err
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		if _, err := tx.PlaceCategory.Get(ctx, *in.CategoryID); err != nil {
			return notFound(err, ErrBadPlace)
		}
		c := tx.Place.Create().SetKey(key).SetStatus(schematype.Draft).SetCategoryID(*in.CategoryID).SetName(*in.Name).
			SetNillableStreet(in.Street).SetNillablePostalCode(in.PostalCode).SetNillableCity(in.City).
			SetNillablePhone(in.Phone).SetNillableEmail(in.Email).SetNillableWebsite(in.Website).
			SetNillableLatitude(in.Latitude).SetNillableLongitude(in.Longitude).
			SetSpokenLanguages(in.SpokenLanguages).SetNillableWheelchairAccessible(in.WheelchairAccessible)
		if in.OpeningHours != nil {
			c.SetOpeningHours(*in.OpeningHours)
		}
		p, err := c.Save(ctx)
		if ent.IsConstraintError(err) {
			return ErrKeyTaken
		}
		if err != nil {
			return notFound(err, ErrBadPlace)
		}
		id = p.ID
		return writePlaceText(ctx, tx, p, lang.Source, de, p.SourceRevision)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Place.Query().Where(place.ID(id)).WithCategory().Only(ctx)
}

// UpdatePlace changes a place's facts.
func (s *Service) UpdatePlace(ctx context.Context, id int, in PlaceInput) (*ent.Place, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	if err := checkPlace(in); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		p, err := tx.Place.Get(ctx, id)
		if err != nil {
			return notFound(err, ErrPlaceNotFound)
		}
		u := p.Update().SetNillableName(in.Name).SetNillableStreet(in.Street).SetNillablePostalCode(in.PostalCode).
			SetNillableCity(in.City).SetNillablePhone(in.Phone).SetNillableEmail(in.Email).SetNillableWebsite(in.Website).
			SetNillableLatitude(in.Latitude).SetNillableLongitude(in.Longitude).
			SetNillableWheelchairAccessible(in.WheelchairAccessible)
		if in.CategoryID != nil {
			if _, err := tx.PlaceCategory.Get(ctx, *in.CategoryID); err != nil {
				return notFound(err, ErrBadPlace)
			}
			u.SetCategoryID(*in.CategoryID)
		}
		if in.SpokenLanguages != nil {
			u.SetSpokenLanguages(in.SpokenLanguages)
		}
		if in.OpeningHours != nil {
			u.SetOpeningHours(*in.OpeningHours)
		}
		return notFound(u.Exec(ctx), ErrBadPlace)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Place.Query().Where(place.ID(id)).WithCategory().Only(ctx)
}

// WritePlaceText writes place id's description in language l.
func (s *Service) WritePlaceText(ctx context.Context, id int, l lang.Code, in PlaceText, major bool) (*ent.Place, error) {
	if err := canWrite(ctx, l); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		p, err := tx.Place.Get(ctx, id)
		if err != nil {
			return notFound(err, ErrPlaceNotFound)
		}
		rev, err := sourceRevision(l, p.SourceRevision, major, func(r int) error {
			return p.Update().SetSourceRevision(r).Exec(ctx)
		})
		if err != nil {
			return err
		}
		return writePlaceText(ctx, tx, p, l, in, rev)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Place.Query().Where(place.ID(id)).WithCategory().Only(ctx)
}

func writePlaceText(ctx context.Context, tx *ent.Client, p *ent.Place, l lang.Code, in PlaceText, rev int) error {
	if strings.TrimSpace(in.Description) == "" {
		return ErrTextRequired
	}
	return tx.PlaceTranslation.Create().SetPlaceID(p.ID).SetLanguage(l).SetName(in.Name).
		SetDescription(in.Description).SetSourceRevision(rev).SetMachineTranslated(in.MachineTranslated).
		OnConflictColumns(placetranslation.FieldLanguage, placetranslation.FieldPlaceID).UpdateNewValues().Exec(ctx)
}

// TermText explains a glossary term in one language.
type TermText struct {
	Translation       string
	Explanation       string
	MachineTranslated bool
}

// CreateTerm creates a draft glossary term with its German explanation.
func (s *Service) CreateTerm(ctx context.Context, key, term string, de TermText) (*ent.GlossaryTerm, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	if !slugPattern.MatchString(key) || len(key) > 100 {
		return nil, ErrKeyInvalid
	}
	if strings.TrimSpace(term) == "" {
		return nil, ErrTextRequired
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		t, err := tx.GlossaryTerm.Create().SetKey(key).SetTerm(strings.TrimSpace(term)).
			SetSortKey(TermSortKey(term)).SetStatus(schematype.Draft).Save(ctx)
		if ent.IsConstraintError(err) {
			return ErrKeyTaken
		}
		if err != nil {
			return err
		}
		id = t.ID
		return writeTermText(ctx, tx, t, lang.Source, de, t.SourceRevision)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).GlossaryTerm.Get(ctx, id)
}

// UpdateTerm changes the German word of glossary term id: a major change
// of the source.
func (s *Service) UpdateTerm(ctx context.Context, id int, term string) (*ent.GlossaryTerm, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	if strings.TrimSpace(term) == "" {
		return nil, ErrTextRequired
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		t, err := tx.GlossaryTerm.Query().Where(glossaryterm.ID(id)).Only(ctx)
		if err != nil {
			return notFound(err, apperr.New(apperr.NotFound, "error.not_found", nil))
		}
		return t.Update().SetTerm(strings.TrimSpace(term)).SetSortKey(TermSortKey(term)).
			SetSourceRevision(t.SourceRevision + 1).Exec(ctx)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).GlossaryTerm.Get(ctx, id)
}

// WriteTermText writes glossary term id's explanation in language l.
func (s *Service) WriteTermText(ctx context.Context, id int, l lang.Code, in TermText, major bool) (*ent.GlossaryTerm, error) {
	if err := canWrite(ctx, l); err != nil {
		return nil, err
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		t, err := tx.GlossaryTerm.Get(ctx, id)
		if err != nil {
			return notFound(err, apperr.New(apperr.NotFound, "error.not_found", nil))
		}
		rev, err := sourceRevision(l, t.SourceRevision, major, func(r int) error {
			return t.Update().SetSourceRevision(r).Exec(ctx)
		})
		if err != nil {
			return err
		}
		return writeTermText(ctx, tx, t, l, in, rev)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).GlossaryTerm.Get(ctx, id)
}

func writeTermText(ctx context.Context, tx *ent.Client, t *ent.GlossaryTerm, l lang.Code, in TermText, rev int) error {
	if strings.TrimSpace(in.Explanation) == "" || (l != lang.Source && strings.TrimSpace(in.Translation) == "") {
		return ErrTextRequired
	}
	return tx.GlossaryTermTranslation.Create().SetTermID(t.ID).SetLanguage(l).SetTranslation(in.Translation).
		SetExplanation(in.Explanation).SetSourceRevision(rev).SetMachineTranslated(in.MachineTranslated).
		OnConflictColumns(glossarytermtranslation.FieldLanguage, glossarytermtranslation.FieldTermID).UpdateNewValues().Exec(ctx)
}
