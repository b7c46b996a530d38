package guide

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect"

	"relocate/ent"
	"relocate/ent/glossaryterm"
	"relocate/ent/glossarytermtranslation"
	"relocate/ent/guidearticle"
	"relocate/ent/guidearticletranslation"
	"relocate/ent/guidecategory"
	"relocate/ent/guidecategorytranslation"
	"relocate/ent/guidechange"
	"relocate/ent/place"
	"relocate/ent/placecategorytranslation"
	"relocate/ent/placetranslation"
	"relocate/ent/schema/schematype"
	"relocate/internal/viewer"
)

// The change log is the one home of "the published guide changed": the
// hook changeLog installs on the ent client appends a GuideChange row for
// every object a mutation of guide content touches, in the mutation's own
// transaction, so whatever writes content (the editorial service, the
// GraphQL mutations, the seed loader, the command line) is logged and
// nothing is missed. The largest ID is the content version: the snapshot
// is labelled with it and offline sync tokens encode it.
//
// A change names an object by kind and key, never a language: a change of
// any text of an article changes it in every language (fallbacks).
// Changes that alter other objects are logged for those too: a topic's
// change for its articles (taking a topic back hides them), a place
// category's for its places, a change of related articles for both sides.

// changed is one object a mutation touched.
type changed struct {
	kind guidechange.Kind
	key  string
	op   guidechange.Op
}

// changeLog returns the ent hook that appends to the change log. dialect
// is the database's: on PostgreSQL appends are serialised so that change
// IDs become visible in the order they were given.
func (s *Service) changeLog(d string) ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			if !logged(m) {
				return next.Mutate(ctx, m)
			}
			sys := viewer.SystemContext(ctx)
			// What a delete removes must be read before it is gone.
			before, err := touched(sys, m)
			if err != nil {
				return nil, fmt.Errorf("guide: change log: %w", err)
			}
			v, err := next.Mutate(ctx, m)
			if err != nil {
				return nil, err
			}
			after, err := touchedAfter(sys, m)
			if err != nil {
				return nil, fmt.Errorf("guide: change log: %w", err)
			}
			if err := s.appendChanges(sys, m, d, append(before, after...)); err != nil {
				return nil, err
			}
			return v, nil
		})
	}
}

// logged reports whether m changes guide content.
func logged(m ent.Mutation) bool {
	switch m.(type) {
	case *ent.GuideCategoryMutation, *ent.GuideCategoryTranslationMutation,
		*ent.GuideArticleMutation, *ent.GuideArticleTranslationMutation,
		*ent.PlaceMutation, *ent.PlaceTranslationMutation,
		*ent.PlaceCategoryMutation, *ent.PlaceCategoryTranslationMutation,
		*ent.GlossaryTermMutation, *ent.GlossaryTermTranslationMutation:
		return true
	}
	return false
}

// mutationClient is what every generated mutation offers.
type mutationClient interface {
	Client() *ent.Client
	Tx() (*ent.Tx, error)
}

// appendChanges writes cs to the change log in m's transaction, just
// before it commits (or at once when m runs outside a transaction), and
// has the snapshot follow once the change is committed.
func (s *Service) appendChanges(ctx context.Context, m ent.Mutation, d string, cs []changed) error {
	if len(cs) == 0 {
		return nil
	}
	mc := m.(mutationClient)
	tx, err := mc.Tx()
	if err != nil {
		last, err := s.insertChanges(ctx, mc.Client(), d, cs)
		if err != nil {
			return err
		}
		s.follow(ctx, last)
		return nil
	}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
			last, err := s.insertChanges(viewer.SystemContext(ctx), tx.Client(), d, cs)
			if err != nil {
				return err
			}
			if err := next.Commit(ctx, tx); err != nil {
				return err
			}
			s.follow(ctx, last)
			return nil
		})
	})
	return nil
}

// insertChanges appends cs through c and returns the last ID given.
func (s *Service) insertChanges(ctx context.Context, c *ent.Client, d string, cs []changed) (int, error) {
	if d == dialect.Postgres {
		// Held to the end of the transaction, which is about to commit: a
		// change ID given out is committed before the next one is given,
		// so a reader who sees ID n has seen every change up to n.
		if _, err := c.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7240361)"); err != nil {
			return 0, fmt.Errorf("guide: change log lock: %w", err)
		}
	}
	seen := map[changed]bool{}
	builders := make([]*ent.GuideChangeCreate, 0, len(cs))
	for _, ch := range cs {
		if seen[ch] {
			continue
		}
		seen[ch] = true
		builders = append(builders, c.GuideChange.Create().SetKind(ch.kind).SetKey(ch.key).SetOp(ch.op))
	}
	rows, err := c.GuideChange.CreateBulk(builders...).Save(ctx)
	if err != nil {
		return 0, fmt.Errorf("guide: append to the change log: %w", err)
	}
	return rows[len(rows)-1].ID, nil
}

// opOf is REMOVE when m deletes its rows or takes them out of
// publication.
func opOf(m ent.Mutation) guidechange.Op {
	if m.Op().Is(ent.OpDelete | ent.OpDeleteOne) {
		return guidechange.OpREMOVE
	}
	if v, ok := m.Field("status"); ok {
		if st, ok := v.(schematype.Status); ok && st != schematype.Published {
			return guidechange.OpREMOVE
		}
	}
	return guidechange.OpUPSERT
}

// idsOf returns the IDs of the rows an update or delete m changes; nil for
// creates (touchedAfter handles them).
func idsOf(ctx context.Context, m ent.Mutation) ([]int, error) {
	if m.Op().Is(ent.OpCreate) {
		return nil, nil
	}
	type ider interface {
		IDs(context.Context) ([]int, error)
	}
	return m.(ider).IDs(ctx)
}

// touched returns the objects an update or delete m changes, read before
// it runs.
func touched(ctx context.Context, m ent.Mutation) ([]changed, error) {
	ids, err := idsOf(ctx, m)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	c := m.(mutationClient).Client()
	op := opOf(m)
	switch m.(type) {
	case *ent.GuideCategoryMutation:
		return topicsAndArticles(ctx, c, ids, op)
	case *ent.GuideCategoryTranslationMutation:
		owners, err := c.GuideCategoryTranslation.Query().Where(guidecategorytranslation.IDIn(ids...)).
			Select(guidecategorytranslation.FieldCategoryID).Ints(ctx)
		if err != nil {
			return nil, err
		}
		return topicsAndArticles(ctx, c, owners, guidechange.OpUPSERT)
	case *ent.GuideArticleMutation:
		return keysOf(ctx, guidechange.KindARTICLE, op, c.GuideArticle.Query().Where(guidearticle.IDIn(ids...)).Select(guidearticle.FieldKey).Strings)
	case *ent.GuideArticleTranslationMutation:
		return keysOf(ctx, guidechange.KindARTICLE, guidechange.OpUPSERT, c.GuideArticleTranslation.Query().
			Where(guidearticletranslation.IDIn(ids...)).QueryArticle().Select(guidearticle.FieldKey).Strings)
	case *ent.PlaceCategoryMutation:
		return keysOf(ctx, guidechange.KindPLACE, guidechange.OpUPSERT, c.Place.Query().
			Where(place.CategoryIDIn(ids...)).Select(place.FieldKey).Strings)
	case *ent.PlaceCategoryTranslationMutation:
		return keysOf(ctx, guidechange.KindPLACE, guidechange.OpUPSERT, c.PlaceCategoryTranslation.Query().
			Where(placecategorytranslation.IDIn(ids...)).QueryCategory().QueryPlaces().Select(place.FieldKey).Strings)
	case *ent.PlaceMutation:
		return keysOf(ctx, guidechange.KindPLACE, op, c.Place.Query().Where(place.IDIn(ids...)).Select(place.FieldKey).Strings)
	case *ent.PlaceTranslationMutation:
		return keysOf(ctx, guidechange.KindPLACE, guidechange.OpUPSERT, c.PlaceTranslation.Query().
			Where(placetranslation.IDIn(ids...)).QueryPlace().Select(place.FieldKey).Strings)
	case *ent.GlossaryTermMutation:
		return keysOf(ctx, guidechange.KindTERM, op, c.GlossaryTerm.Query().Where(glossaryterm.IDIn(ids...)).Select(glossaryterm.FieldKey).Strings)
	case *ent.GlossaryTermTranslationMutation:
		return keysOf(ctx, guidechange.KindTERM, guidechange.OpUPSERT, c.GlossaryTermTranslation.Query().
			Where(glossarytermtranslation.IDIn(ids...)).QueryTerm().Select(glossaryterm.FieldKey).Strings)
	}
	return nil, nil
}

// touchedAfter returns the objects a create m made or joined, and the
// articles whose related list m changed.
func touchedAfter(ctx context.Context, m ent.Mutation) ([]changed, error) {
	c := m.(mutationClient).Client()
	var out []changed
	if am, ok := m.(*ent.GuideArticleMutation); ok {
		rel := append(am.RelatedIDs(), am.RemovedRelatedIDs()...)
		if len(rel) > 0 {
			cs, err := keysOf(ctx, guidechange.KindARTICLE, guidechange.OpUPSERT,
				c.GuideArticle.Query().Where(guidearticle.IDIn(rel...)).Select(guidearticle.FieldKey).Strings)
			if err != nil {
				return nil, err
			}
			out = append(out, cs...)
		}
	}
	if !m.Op().Is(ent.OpCreate) {
		return out, nil
	}
	owner := func(field string) int {
		v, _ := m.Field(field)
		id, _ := v.(int)
		return id
	}
	key := func() string {
		v, _ := m.Field("key")
		k, _ := v.(string)
		return k
	}
	op := opOf(m)
	var cs []changed
	var err error
	switch m.(type) {
	case *ent.GuideCategoryMutation:
		cs = []changed{{guidechange.KindTOPIC, key(), op}}
	case *ent.GuideCategoryTranslationMutation:
		cs, err = topicsAndArticles(ctx, c, []int{owner(guidecategorytranslation.FieldCategoryID)}, guidechange.OpUPSERT)
	case *ent.GuideArticleMutation:
		cs = []changed{{guidechange.KindARTICLE, key(), op}}
	case *ent.GuideArticleTranslationMutation:
		cs, err = keysOf(ctx, guidechange.KindARTICLE, guidechange.OpUPSERT, c.GuideArticle.Query().
			Where(guidearticle.ID(owner(guidearticletranslation.FieldArticleID))).Select(guidearticle.FieldKey).Strings)
	case *ent.PlaceMutation:
		cs = []changed{{guidechange.KindPLACE, key(), op}}
	case *ent.PlaceTranslationMutation:
		cs, err = keysOf(ctx, guidechange.KindPLACE, guidechange.OpUPSERT, c.Place.Query().
			Where(place.ID(owner(placetranslation.FieldPlaceID))).Select(place.FieldKey).Strings)
	case *ent.PlaceCategoryTranslationMutation:
		cs, err = keysOf(ctx, guidechange.KindPLACE, guidechange.OpUPSERT, c.Place.Query().
			Where(place.CategoryID(owner(placecategorytranslation.FieldCategoryID))).Select(place.FieldKey).Strings)
	case *ent.GlossaryTermMutation:
		cs = []changed{{guidechange.KindTERM, key(), op}}
	case *ent.GlossaryTermTranslationMutation:
		cs, err = keysOf(ctx, guidechange.KindTERM, guidechange.OpUPSERT, c.GlossaryTerm.Query().
			Where(glossaryterm.ID(owner(glossarytermtranslation.FieldTermID))).Select(glossaryterm.FieldKey).Strings)
	}
	return append(out, cs...), err
}

// topicsAndArticles returns topics ids and all their articles.
func topicsAndArticles(ctx context.Context, c *ent.Client, ids []int, op guidechange.Op) ([]changed, error) {
	out, err := keysOf(ctx, guidechange.KindTOPIC, op, c.GuideCategory.Query().Where(guidecategory.IDIn(ids...)).Select(guidecategory.FieldKey).Strings)
	if err != nil {
		return nil, err
	}
	arts, err := keysOf(ctx, guidechange.KindARTICLE, guidechange.OpUPSERT, c.GuideArticle.Query().
		Where(guidearticle.CategoryIDIn(ids...)).Select(guidearticle.FieldKey).Strings)
	return append(out, arts...), err
}

func keysOf(ctx context.Context, k guidechange.Kind, op guidechange.Op, load func(context.Context) ([]string, error)) ([]changed, error) {
	keys, err := load(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]changed, len(keys))
	for i, key := range keys {
		out[i] = changed{k, key, op}
	}
	return out, nil
}

// version returns the largest change ID: the version of the published
// guide in the database; 0 before the first change. It is one index
// lookup, cheap enough to poll.
func (s *Service) version(ctx context.Context) (int, error) {
	var v int
	if err := s.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM guide_changes").Scan(&v); err != nil {
		return 0, fmt.Errorf("guide: read the content version: %w", err)
	}
	return v, nil
}
