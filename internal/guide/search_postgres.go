package guide

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"relocate/internal/lang"
)

// postgresSearch uses PostgreSQL text search with one configuration per
// language (German, Russian and English stemming; "simple" for Latvian,
// which has no stemmer), each with the unaccent dictionary in front so that
// diacritics do not matter. Expression indexes, one per language, serve the
// queries; hits are ranked by cover density (ts_rank_cd), which rewards
// the words of a query standing close together, as in a title.
type postgresSearch struct{ db *sql.DB }

// pgConfig is the text search configuration each language copies.
var pgConfig = map[lang.Code]struct{ parent, stem string }{
	lang.DE: {"german", "german_stem"},
	lang.LV: {"simple", "simple"},
	lang.RU: {"russian", "russian_stem"},
	lang.EN: {"english", "english_stem"},
}

func pgConfigName(l lang.Code) string { return "relocate_" + string(l) }

// pgDocument is the weighted document of one translation row t.
func pgDocument(l lang.Code) string {
	c := "'" + pgConfigName(l) + "'"
	return "(setweight(to_tsvector(" + c + ", t.title), 'A') || setweight(to_tsvector(" + c + ", t.summary), 'B') || setweight(to_tsvector(" + c + ", t.body), 'C'))"
}

func (s postgresSearch) setup(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS unaccent`); err != nil {
		return fmt.Errorf("guide: PostgreSQL needs the unaccent extension (package postgresql-contrib): %w", err)
	}
	for _, l := range lang.All {
		cfg, name := pgConfig[l], pgConfigName(l)
		var exists bool
		if err := s.db.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = $1)`, name).Scan(&exists); err != nil {
			return fmt.Errorf("guide: look for text search configuration %s: %w", name, err)
		}
		if !exists {
			stmts := []string{
				`CREATE TEXT SEARCH CONFIGURATION ` + name + ` (COPY = ` + cfg.parent + `)`,
				`ALTER TEXT SEARCH CONFIGURATION ` + name + ` ALTER MAPPING FOR hword, hword_part, word WITH unaccent, ` + cfg.stem,
			}
			for _, stmt := range stmts {
				if _, err := s.db.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("guide: create text search configuration %s: %w", name, err)
				}
			}
		}
		idx := `CREATE INDEX IF NOT EXISTS guide_article_search_` + string(l) +
			` ON guide_article_translations USING GIN (` + strings.ReplaceAll(pgDocument(l), "t.", "") + `) WHERE language = '` + string(l) + `'`
		if _, err := s.db.ExecContext(ctx, idx); err != nil {
			return fmt.Errorf("guide: create search index for %s: %w", l, err)
		}
	}
	return nil
}

func (s postgresSearch) search(ctx context.Context, l lang.Code, terms []string, limit int, onlyPublished bool) ([]int, error) {
	parts := make([]string, len(terms))
	for i, t := range terms {
		parts[i] = t + ":*" // terms hold letters and digits only
	}
	doc := pgDocument(l)
	q := `SELECT t.article_id FROM guide_article_translations t
		JOIN guide_articles a ON a.id = t.article_id,
		to_tsquery('` + pgConfigName(l) + `', $1) query
		WHERE t.language = $2 AND ` + doc + ` @@ query`
	if onlyPublished {
		q += ` AND t.status = 'PUBLISHED' AND a.status = 'PUBLISHED'`
	}
	q += ` ORDER BY ts_rank_cd(` + doc + `, query) DESC, t.article_id LIMIT $3`
	return scanIDs(s.db.QueryContext(ctx, q, strings.Join(parts, " & "), string(l), limit))
}
