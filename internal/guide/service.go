package guide

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"entgo.io/ent/dialect"

	"relocate/ent"
	"relocate/ent/intercept"
)

// Service reads and changes the welcome guide.
type Service struct {
	client   *ent.Client
	db       *sql.DB
	search   searcher
	markdown *markdown
	opts     Options
	// snaps serves the published guide from memory (snapshot.go).
	snaps snapshots
}

// New returns the guide service over client. db is the connection pool
// behind client (full-text search runs raw SQL) and d its ent dialect; o
// must set the review interval.
//
// New registers interceptors on client so that every query of localized
// content, including eager-loaded edges, loads the texts in one extra
// statement per query rather than one per object, and the hook that
// appends every change of guide content to the change log.
func New(client *ent.Client, db *sql.DB, d string, o Options) (*Service, error) {
	if o.ReviewMonths < 1 {
		return nil, fmt.Errorf("guide: the review interval is not configured: %+v", o)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	s := &Service{client: client, db: db, markdown: newMarkdown(), opts: o}
	switch d {
	case dialect.SQLite:
		s.search = sqliteSearch{db: db}
	case dialect.Postgres:
		s.search = postgresSearch{db: db}
	default:
		return nil, fmt.Errorf("guide: unsupported dialect %q", d)
	}
	client.Use(s.changeLog(d))
	client.GuideCategory.Intercept(intercept.TraverseGuideCategory(func(_ context.Context, q *ent.GuideCategoryQuery) error {
		q.WithTranslations()
		return nil
	}))
	client.GuideArticle.Intercept(intercept.TraverseGuideArticle(func(_ context.Context, q *ent.GuideArticleQuery) error {
		q.WithTranslations()
		return nil
	}))
	client.Place.Intercept(intercept.TraversePlace(func(_ context.Context, q *ent.PlaceQuery) error {
		q.WithTranslations()
		return nil
	}))
	client.PlaceCategory.Intercept(intercept.TraversePlaceCategory(func(_ context.Context, q *ent.PlaceCategoryQuery) error {
		q.WithTranslations()
		return nil
	}))
	client.GlossaryTerm.Intercept(intercept.TraverseGlossaryTerm(func(_ context.Context, q *ent.GlossaryTermQuery) error {
		q.WithTranslations()
		return nil
	}))
	return s, nil
}

// Setup creates what the ent schema cannot express: the full-text search
// index. It is idempotent and runs at every start.
func (s *Service) Setup(ctx context.Context) error {
	return s.search.setup(ctx)
}

// ent is the client to use for ctx: the transaction of a GraphQL mutation
// when there is one, so that reads see the mutation's writes.
func (s *Service) ent(ctx context.Context) *ent.Client {
	if c := ent.FromContext(ctx); c != nil {
		return c
	}
	return s.client
}
