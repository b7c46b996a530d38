package guide

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"relocate/internal/lang"
)

// sqliteSearch indexes article translations in an FTS5 table kept in sync by
// triggers. The unicode61 tokenizer folds case in every script and, with
// remove_diacritics, the diacritics of Latin letters, so "darba" finds
// "darbā". Russian ё is indexed as е, as Russian search expects.
type sqliteSearch struct{ db *sql.DB }

// sqliteFold is the SQL applied to every indexed column.
func sqliteFold(col string) string {
	return "replace(replace(" + col + ", 'ё', 'е'), 'Ё', 'Е')"
}

// sqliteSearchSetup creates a contentless index: the texts stay in
// guide_article_translations, the triggers feed the index folded values.
var sqliteSearchSetup = strings.NewReplacer(
	"NEW", sqliteFold("new.title")+", "+sqliteFold("new.summary")+", "+sqliteFold("new.body"),
	"OLD", sqliteFold("old.title")+", "+sqliteFold("old.summary")+", "+sqliteFold("old.body"),
).Replace(`
CREATE VIRTUAL TABLE IF NOT EXISTS guide_article_search USING fts5(
	title, summary, body, content='', contentless_delete=1,
	tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS guide_article_search_insert AFTER INSERT ON guide_article_translations BEGIN
	INSERT INTO guide_article_search(rowid, title, summary, body) VALUES (new.id, NEW);
END;
CREATE TRIGGER IF NOT EXISTS guide_article_search_delete AFTER DELETE ON guide_article_translations BEGIN
	DELETE FROM guide_article_search WHERE rowid = old.id;
END;
CREATE TRIGGER IF NOT EXISTS guide_article_search_update AFTER UPDATE ON guide_article_translations BEGIN
	DELETE FROM guide_article_search WHERE rowid = old.id;
	INSERT INTO guide_article_search(rowid, title, summary, body) VALUES (new.id, NEW);
END;`)

func (s sqliteSearch) setup(ctx context.Context) error {
	var exists int
	if err := s.db.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'guide_article_search'`).Scan(&exists); err != nil {
		return fmt.Errorf("guide: look for search index: %w", err)
	}
	if _, err := s.db.ExecContext(ctx, sqliteSearchSetup); err != nil {
		return fmt.Errorf("guide: create search index: %w", err)
	}
	if exists == 0 {
		// Index what was there before the index existed.
		if _, err := s.db.ExecContext(ctx, `INSERT INTO guide_article_search(rowid, title, summary, body)
			SELECT id, `+sqliteFold("title")+`, `+sqliteFold("summary")+`, `+sqliteFold("body")+` FROM guide_article_translations`); err != nil {
			return fmt.Errorf("guide: build search index: %w", err)
		}
	}
	return nil
}

func (s sqliteSearch) search(ctx context.Context, l lang.Code, terms []string, limit int, onlyPublished bool) ([]int, error) {
	match := make([]string, len(terms))
	for i, t := range terms {
		match[i] = `"` + strings.NewReplacer("ё", "е", "Ё", "Е").Replace(t) + `"*` // terms hold letters and digits only
	}
	q := `SELECT t.article_id FROM guide_article_search
		JOIN guide_article_translations t ON t.id = guide_article_search.rowid
		JOIN guide_articles a ON a.id = t.article_id
		WHERE guide_article_search MATCH ? AND t.language = ?`
	if onlyPublished {
		q += ` AND t.status = 'PUBLISHED' AND a.status = 'PUBLISHED'`
	}
	q += ` ORDER BY bm25(guide_article_search, 10.0, 4.0, 1.0), t.article_id LIMIT ?`
	return scanIDs(s.db.QueryContext(ctx, q, strings.Join(match, " "), string(l), limit))
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
