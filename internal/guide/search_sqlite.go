package guide

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"relocate/internal/lang"
)

// sqliteSearch indexes article translations in one FTS5 table per
// language, kept in sync by triggers, so that a search reads the matches
// of its own language only. The unicode61 tokenizer folds case in every
// script and, with remove_diacritics, the diacritics of Latin letters, so
// "darba" finds "darbā". Russian ё is indexed as е, as Russian search
// expects.
type sqliteSearch struct{ db *sql.DB }

// sqliteFold is the SQL applied to every indexed column.
func sqliteFold(col string) string {
	return "replace(replace(" + col + ", 'ё', 'е'), 'Ё', 'Е')"
}

// sqliteTable is the index of the texts in language l.
func sqliteTable(l lang.Code) string { return "guide_article_search_" + string(l) }

// sqliteSearchSetup creates the contentless index of language l: the texts
// stay in guide_article_translations, the triggers feed the index folded
// values.
func sqliteSearchSetup(l lang.Code) string {
	return strings.NewReplacer(
		"{table}", sqliteTable(l),
		"{lang}", "'"+string(l)+"'",
		"{new}", sqliteFold("new.title")+", "+sqliteFold("new.summary")+", "+sqliteFold("new.body"),
	).Replace(`
CREATE VIRTUAL TABLE IF NOT EXISTS {table} USING fts5(
	title, summary, body, content='', contentless_delete=1,
	tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS {table}_insert AFTER INSERT ON guide_article_translations WHEN new.language = {lang} BEGIN
	INSERT INTO {table}(rowid, title, summary, body) VALUES (new.id, {new});
END;
CREATE TRIGGER IF NOT EXISTS {table}_delete AFTER DELETE ON guide_article_translations WHEN old.language = {lang} BEGIN
	DELETE FROM {table} WHERE rowid = old.id;
END;
CREATE TRIGGER IF NOT EXISTS {table}_update AFTER UPDATE ON guide_article_translations WHEN old.language = {lang} OR new.language = {lang} BEGIN
	DELETE FROM {table} WHERE rowid = old.id;
	INSERT INTO {table}(rowid, title, summary, body) SELECT new.id, {new} WHERE new.language = {lang};
END;`)
}

// sqliteOldIndex is the single index of all languages that earlier
// versions kept; setup replaces it.
const sqliteOldIndex = `
DROP TRIGGER IF EXISTS guide_article_search_insert;
DROP TRIGGER IF EXISTS guide_article_search_delete;
DROP TRIGGER IF EXISTS guide_article_search_update;
DROP TABLE IF EXISTS guide_article_search;`

func (s sqliteSearch) setup(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, sqliteOldIndex); err != nil {
		return fmt.Errorf("guide: drop the old search index: %w", err)
	}
	for _, l := range lang.All {
		var exists int
		if err := s.db.QueryRowContext(ctx,
			`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?`, sqliteTable(l)).Scan(&exists); err != nil {
			return fmt.Errorf("guide: look for search index: %w", err)
		}
		if _, err := s.db.ExecContext(ctx, sqliteSearchSetup(l)); err != nil {
			return fmt.Errorf("guide: create search index for %s: %w", l, err)
		}
		if exists == 0 {
			// Index what was there before the index existed.
			if _, err := s.db.ExecContext(ctx, `INSERT INTO `+sqliteTable(l)+`(rowid, title, summary, body)
				SELECT id, `+sqliteFold("title")+`, `+sqliteFold("summary")+`, `+sqliteFold("body")+`
				FROM guide_article_translations WHERE language = ?`, string(l)); err != nil {
				return fmt.Errorf("guide: build search index for %s: %w", l, err)
			}
		}
	}
	return nil
}

// sqliteMatch is the FTS5 query of terms: every term, as a prefix.
func sqliteMatch(terms []string) string {
	match := make([]string, len(terms))
	for i, t := range terms {
		match[i] = `"` + strings.NewReplacer("ё", "е", "Ё", "Е").Replace(t) + `"*` // terms hold letters and digits only
	}
	return strings.Join(match, " ")
}

// sqliteRank orders matches: bm25 with a title worth ten words of body and
// a summary four.
func sqliteRank(l lang.Code) string { return `bm25(` + sqliteTable(l) + `, 10.0, 4.0, 1.0)` }

func (s sqliteSearch) search(ctx context.Context, l lang.Code, terms []string, limit int, onlyPublished bool) ([]int, error) {
	q := `SELECT t.article_id FROM ` + sqliteTable(l) + `
		JOIN guide_article_translations t ON t.id = ` + sqliteTable(l) + `.rowid
		JOIN guide_articles a ON a.id = t.article_id
		WHERE ` + sqliteTable(l) + ` MATCH ?`
	if onlyPublished {
		q += ` AND t.status = 'PUBLISHED' AND a.status = 'PUBLISHED'`
	}
	q += ` ORDER BY ` + sqliteRank(l) + `, t.article_id LIMIT ?`
	return scanIDs(s.db.QueryContext(ctx, q, sqliteMatch(terms), limit))
}

func (s sqliteSearch) rank(ctx context.Context, l lang.Code, terms []string, offset, limit int) ([]int, error) {
	q := `SELECT rowid FROM ` + sqliteTable(l) + ` WHERE ` + sqliteTable(l) + ` MATCH ?
		ORDER BY ` + sqliteRank(l) + `, rowid LIMIT ? OFFSET ?`
	return scanIDs(s.db.QueryContext(ctx, q, sqliteMatch(terms), limit, offset))
}

func scanIDs(rows *sql.Rows, err error) ([]int, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int
	for rows.Next() {
		var id int
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
