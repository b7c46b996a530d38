package guide

import (
	"context"
	"fmt"
	"strings"

	"relocate/ent"
	"relocate/ent/glossaryterm"
	"relocate/ent/glossarytermtranslation"
	"relocate/ent/guidecategory"
	"relocate/ent/guidecategorytranslation"
	"relocate/ent/place"
	"relocate/ent/placecategory"
	"relocate/ent/placetranslation"
	"relocate/ent/schema/schematype"
	"relocate/internal/apperr"
	"relocate/internal/lang"
	"relocate/internal/viewer"
)

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

// CreateTopic creates a draft topic with its German text. Every wrong
// field is reported at once.
func (s *Service) CreateTopic(ctx context.Context, key string, in TopicInput, de TopicText) (*ent.GuideCategory, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		var f apperr.Fields
		if err := checkKey(ctx, &f, guidecategory.KeyValidator, tx.GuideCategory.Query().Where(guidecategory.Key(key)).Exist, key); err != nil {
			return err
		}
		if err := checkTopic(ctx, tx, &f, 0, in); err != nil {
			return err
		}
		if len(f) > 0 {
			if err := checkTopicText(ctx, tx, &f, 0, lang.Source, de); err != nil {
				return err
			}
			return f.Err()
		}
		c := tx.GuideCategory.Create().SetKey(key).SetStatus(schematype.Draft).SetNillableIcon(in.Icon).
			SetNillableParentID(in.ParentID)
		if in.Position != nil {
			c.SetPosition(*in.Position)
		}
		topic, err := c.Save(ctx)
		if ent.IsConstraintError(err) {
			return apperr.OnField("key", ErrKeyTaken)
		}
		if err != nil {
			return fmt.Errorf("guide: create topic: %w", err)
		}
		id = topic.ID
		return writeTopicText(ctx, tx, topic, lang.Source, de, topic.SourceRevision)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).GuideCategory.Get(ctx, id)
}

// checkTopic records in f what is wrong with in, for topic id (0 for a
// new one): its icon, and a parent that does not exist or lies below the
// topic itself.
func checkTopic(ctx context.Context, tx *ent.Client, f *apperr.Fields, id int, in TopicInput) error {
	checkTexts(f, false, []textField{{"icon", in.Icon, guidecategory.IconValidator}})
	if in.ParentID == nil || in.ClearParent {
		return nil
	}
	// A topic cannot sit under itself or one of its subtopics.
	for p := *in.ParentID; ; {
		if p == id {
			f.Check("parentId", ErrNotEditable)
			return nil
		}
		pt, err := tx.GuideCategory.Get(ctx, p)
		if ent.IsNotFound(err) {
			f.Check("parentId", errUnknownTopic)
			return nil
		}
		if err != nil {
			return fmt.Errorf("guide: load topic %d: %w", p, err)
		}
		if pt.ParentID == nil {
			return nil
		}
		p = *pt.ParentID
	}
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
		var f apperr.Fields
		if err := checkTopic(ctx, tx, &f, id, in); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		u := topic.Update().SetNillableIcon(in.Icon).SetNillablePosition(in.Position)
		switch {
		case in.ClearParent:
			u.ClearParentID()
		case in.ParentID != nil:
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

// checkTopicText records in f what is wrong with topic id's text in
// language l: its fields, by the schema's rules, and a slug another topic
// uses in l.
func checkTopicText(ctx context.Context, tx *ent.Client, f *apperr.Fields, id int, l lang.Code, in TopicText) error {
	checkTexts(f, true, []textField{
		{"name", &in.Name, guidecategorytranslation.NameValidator},
		{"slug", &in.Slug, guidecategorytranslation.SlugValidator},
		{"description", &in.Description, guidecategorytranslation.DescriptionValidator},
	})
	if f.Has("slug") {
		return nil
	}
	taken, err := tx.GuideCategoryTranslation.Query().Where(guidecategorytranslation.LanguageEQ(l),
		guidecategorytranslation.Slug(in.Slug), guidecategorytranslation.CategoryIDNEQ(id)).Exist(ctx)
	if err != nil {
		return fmt.Errorf("guide: look up slug %q: %w", in.Slug, err)
	}
	if taken {
		f.Check("slug", ErrSlugTaken)
	}
	return nil
}

func writeTopicText(ctx context.Context, tx *ent.Client, topic *ent.GuideCategory, l lang.Code, in TopicText, rev int) error {
	var f apperr.Fields
	if err := checkTopicText(ctx, tx, &f, topic.ID, l, in); err != nil {
		return err
	}
	if err := f.Err(); err != nil {
		return err
	}
	err := tx.GuideCategoryTranslation.Create().SetCategoryID(topic.ID).SetLanguage(l).
		SetName(in.Name).SetSlug(in.Slug).SetDescription(in.Description).SetSourceRevision(rev).
		SetMachineTranslated(in.MachineTranslated).
		OnConflictColumns(guidecategorytranslation.FieldLanguage, guidecategorytranslation.FieldCategoryID).
		UpdateNewValues().Exec(ctx)
	if ent.IsConstraintError(err) {
		return apperr.OnField("slug", ErrSlugTaken)
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

// checkPlace records in f what is wrong with in, by the schema's rules;
// a new place (create) needs a category and a name.
func checkPlace(ctx context.Context, tx *ent.Client, f *apperr.Fields, in PlaceInput, create bool) error {
	if create && in.CategoryID == nil {
		f.Check("categoryId", errRequired)
	}
	if in.CategoryID != nil {
		if ok, err := tx.PlaceCategory.Query().Where(placecategory.ID(*in.CategoryID)).Exist(ctx); err != nil {
			return fmt.Errorf("guide: find place category %d: %w", *in.CategoryID, err)
		} else if !ok {
			f.Check("categoryId", errUnknownPlaceCategory)
		}
	}
	checkTexts(f, false, []textField{
		{"street", in.Street, place.StreetValidator},
		{"postalCode", in.PostalCode, place.PostalCodeValidator},
		{"city", in.City, place.CityValidator},
		{"phone", in.Phone, place.PhoneValidator},
		{"email", in.Email, place.EmailValidator},
		{"website", in.Website, place.WebsiteValidator},
	})
	checkTexts(f, create, []textField{{"name", in.Name, place.NameValidator}})
	if in.Latitude != nil {
		f.Check("latitude", place.LatitudeValidator(*in.Latitude))
	}
	if in.Longitude != nil {
		f.Check("longitude", place.LongitudeValidator(*in.Longitude))
	}
	f.Check("", schematype.CheckCoordinates(in.Latitude, in.Longitude))
	f.Check("spokenLanguages", schematype.CheckLanguageCodes(in.SpokenLanguages))
	if in.OpeningHours != nil {
		f.Check("openingHours", in.OpeningHours.Validate())
	}
	return nil
}

// checkPlaceText records in f what is wrong with a place's text.
func checkPlaceText(f *apperr.Fields, in PlaceText) {
	checkTexts(f, true, []textField{
		{"name", &in.Name, placetranslation.NameValidator},
		{"description", &in.Description, placetranslation.DescriptionValidator},
	})
}

// CreatePlace creates a draft place with its German description. Every
// wrong field is reported at once.
func (s *Service) CreatePlace(ctx context.Context, key string, in PlaceInput, de PlaceText) (*ent.Place, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		var f apperr.Fields
		if err := checkKey(ctx, &f, place.KeyValidator, tx.Place.Query().Where(place.Key(key)).Exist, key); err != nil {
			return err
		}
		if err := checkPlace(ctx, tx, &f, in, true); err != nil {
			return err
		}
		checkPlaceText(&f, de)
		if err := f.Err(); err != nil {
			return err
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
			return apperr.OnField("key", ErrKeyTaken)
		}
		if err != nil {
			return fmt.Errorf("guide: create place: %w", err)
		}
		id = p.ID
		return writePlaceText(ctx, tx, p, lang.Source, de, p.SourceRevision)
	})
	if err != nil {
		return nil, err
	}
	return s.ent(ctx).Place.Query().Where(place.ID(id)).WithCategory().Only(ctx)
}

// UpdatePlace changes a place's facts. Every wrong field is reported at
// once.
func (s *Service) UpdatePlace(ctx context.Context, id int, in PlaceInput) (*ent.Place, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	err := s.inTx(ctx, func(tx *ent.Client) error {
		p, err := tx.Place.Get(ctx, id)
		if err != nil {
			return notFound(err, ErrPlaceNotFound)
		}
		var f apperr.Fields
		if err := checkPlace(ctx, tx, &f, in, false); err != nil {
			return err
		}
		if err := f.Err(); err != nil {
			return err
		}
		u := p.Update().SetNillableName(in.Name).SetNillableStreet(in.Street).SetNillablePostalCode(in.PostalCode).
			SetNillableCity(in.City).SetNillablePhone(in.Phone).SetNillableEmail(in.Email).SetNillableWebsite(in.Website).
			SetNillableLatitude(in.Latitude).SetNillableLongitude(in.Longitude).
			SetNillableWheelchairAccessible(in.WheelchairAccessible).SetNillableCategoryID(in.CategoryID)
		if in.SpokenLanguages != nil {
			u.SetSpokenLanguages(in.SpokenLanguages)
		}
		if in.OpeningHours != nil {
			u.SetOpeningHours(*in.OpeningHours)
		}
		return u.Exec(ctx)
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
		var f apperr.Fields
		checkPlaceText(&f, in)
		if err := f.Err(); err != nil {
			return err
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

// checkTermText records in f what is wrong with a term's text in language
// l; every language but German needs a translation of the word.
func checkTermText(f *apperr.Fields, l lang.Code, in TermText) {
	if l != lang.Source && strings.TrimSpace(in.Translation) == "" {
		f.Check("translation", errRequired)
	} else {
		f.Check("translation", glossarytermtranslation.TranslationValidator(in.Translation))
	}
	f.Check("explanation", glossarytermtranslation.ExplanationValidator(in.Explanation))
}

// CreateTerm creates a draft glossary term with its German explanation.
// Every wrong field is reported at once.
func (s *Service) CreateTerm(ctx context.Context, key, term string, de TermText) (*ent.GlossaryTerm, error) {
	if !viewer.FromContext(ctx).Can(viewer.EditSource) {
		return nil, apperr.ErrForbidden
	}
	term = strings.TrimSpace(term)
	var id int
	err := s.inTx(ctx, func(tx *ent.Client) error {
		var f apperr.Fields
		if err := checkKey(ctx, &f, glossaryterm.KeyValidator, tx.GlossaryTerm.Query().Where(glossaryterm.Key(key)).Exist, key); err != nil {
			return err
		}
		f.Check("term", glossaryterm.TermValidator(term))
		checkTermText(&f, lang.Source, de)
		if err := f.Err(); err != nil {
			return err
		}
		t, err := tx.GlossaryTerm.Create().SetKey(key).SetTerm(term).
			SetSortKey(TermSortKey(term)).SetStatus(schematype.Draft).Save(ctx)
		if ent.IsConstraintError(err) {
			return apperr.OnField("key", ErrKeyTaken)
		}
		if err != nil {
			return fmt.Errorf("guide: create glossary term: %w", err)
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
	term = strings.TrimSpace(term)
	err := s.inTx(ctx, func(tx *ent.Client) error {
		t, err := tx.GlossaryTerm.Query().Where(glossaryterm.ID(id)).Only(ctx)
		if err != nil {
			return notFound(err, apperr.New(apperr.NotFound, "error.not_found", nil))
		}
		if err := glossaryterm.TermValidator(term); err != nil {
			return apperr.OnField("term", err)
		}
		return t.Update().SetTerm(term).SetSortKey(TermSortKey(term)).
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
		var f apperr.Fields
		checkTermText(&f, l, in)
		if err := f.Err(); err != nil {
			return err
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
	return tx.GlossaryTermTranslation.Create().SetTermID(t.ID).SetLanguage(l).SetTranslation(in.Translation).
		SetExplanation(in.Explanation).SetSourceRevision(rev).SetMachineTranslated(in.MachineTranslated).
		OnConflictColumns(glossarytermtranslation.FieldLanguage, glossarytermtranslation.FieldTermID).UpdateNewValues().Exec(ctx)
}
