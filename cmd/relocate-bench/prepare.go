package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"relocate/ent/guidearticle"
	"relocate/ent/guidearticletranslation"
	"relocate/ent/schema/schematype"
	"relocate/internal/app"
	"relocate/internal/config"
	"relocate/internal/seed"
	"relocate/internal/viewer"
)

// prepared says what a database holds after prepare.
type prepared struct {
	scale int
	// articles are the published articles, texts their published
	// translations (all languages).
	articles, texts int
	// loaded is false when the database held the content already.
	loaded bool
	took   time.Duration
}

// prepare brings the database at dbURL to the demo guide n times over
// (seed.Content.Scaled) the way content normally arrives: relocate opens
// it (schema, search index, the demo content when it is empty), then the
// seed loader adds the copies in one transaction. A database that holds
// the scaled content already is left as it is.
func prepare(ctx context.Context, dbURL string, n int, log *slog.Logger) (prepared, error) {
	begun := time.Now()
	cfg := config.Default()
	cfg.Database.URL = dbURL
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	a, err := app.New(ctx, cfg, log)
	if err != nil {
		return prepared{}, err
	}
	defer a.Close()
	content, err := seed.Embedded()
	if err != nil {
		return prepared{}, err
	}
	p := prepared{scale: n}
	if p.articles, p.texts, err = count(ctx, a); err != nil {
		return p, err
	}
	if p.articles != n*len(content.Articles) {
		if _, err := seed.Load(ctx, a.Store.Client, content.Scaled(n)); err != nil {
			return p, fmt.Errorf("load the guide ×%d: %w", n, err)
		}
		p.loaded = true
		if p.articles, p.texts, err = count(ctx, a); err != nil {
			return p, err
		}
	}
	if p.articles != n*len(content.Articles) {
		return p, fmt.Errorf("the database holds %d articles, not %d (×%d): it has other content", p.articles, n*len(content.Articles), n)
	}
	p.took = time.Since(begun)
	return p, nil
}

// count counts the published articles and their published texts.
func count(ctx context.Context, a *app.App) (articles, texts int, err error) {
	sys := viewer.SystemContext(ctx)
	c := a.Store.Client
	if articles, err = c.GuideArticle.Query().Where(guidearticle.StatusEQ(schematype.Published)).Count(sys); err != nil {
		return 0, 0, err
	}
	texts, err = c.GuideArticleTranslation.Query().Where(guidearticletranslation.StatusEQ(schematype.Published),
		guidearticletranslation.HasArticleWith(guidearticle.StatusEQ(schematype.Published))).Count(sys)
	return articles, texts, err
}
