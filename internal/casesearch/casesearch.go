// Package casesearch keeps the text cases are found by: each case's
// reference and its person's name, folded by internal/fold (lower case,
// no diacritics) and stored in case_files.search_text, so that a search
// compares one indexed column with the folded words of the query (a
// trigram index on PostgreSQL). Register installs the hooks that keep the
// text in step: when a case is opened and when its person is renamed.
// Backfill fills it in for cases stored before the column existed.
package casesearch

import (
	"context"
	"database/sql"
	"fmt"

	"entgo.io/ent/dialect"
	entsql "entgo.io/ent/dialect/sql"

	"relocate/ent"
	"relocate/ent/casefile"
	"relocate/ent/hook"
	"relocate/ent/person"
	"relocate/ent/predicate"
	"relocate/internal/fold"
	"relocate/internal/viewer"
)

// Text returns the search text of the case with reference ref of the
// person called given family.
func Text(ref, given, family string) string {
	return fold.String(ref + " " + given + " " + family)
}

// Register installs on client the hooks that keep search_text: a new
// case gets the text of its reference and person; a person renamed
// passes the new name on to their cases.
func Register(client *ent.Client) {
	client.CaseFile.Use(hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.CaseFileFunc(func(ctx context.Context, m *ent.CaseFileMutation) (ent.Value, error) {
			ref, _ := m.Reference()
			if pid, ok := m.PersonID(); ok {
				p, err := m.Client().Person.Query().Where(person.ID(pid)).
					Select(person.FieldGivenName, person.FieldFamilyName).Only(viewer.SystemContext(ctx))
				if err != nil && !ent.IsNotFound(err) {
					return nil, fmt.Errorf("casesearch: person %d of a new case: %w", pid, err)
				}
				if p != nil {
					m.SetSearchText(Text(ref, p.GivenName, p.FamilyName))
				}
			}
			return next.Mutate(ctx, m)
		})
	}, ent.OpCreate))
	client.Person.Use(hook.On(func(next ent.Mutator) ent.Mutator {
		return hook.PersonFunc(func(ctx context.Context, m *ent.PersonMutation) (ent.Value, error) {
			_, g := m.GivenName()
			_, f := m.FamilyName()
			v, err := next.Mutate(ctx, m)
			if err != nil || !g && !f {
				return v, err
			}
			p, ok := v.(*ent.Person)
			if !ok {
				return v, nil
			}
			sys := viewer.SystemContext(ctx)
			cases, err := m.Client().CaseFile.Query().Where(casefile.PersonID(p.ID)).
				Select(casefile.FieldReference).All(sys)
			if err != nil {
				return nil, fmt.Errorf("casesearch: cases of person %d: %w", p.ID, err)
			}
			for _, c := range cases {
				if err := m.Client().CaseFile.UpdateOneID(c.ID).
					SetSearchText(Text(c.Reference, p.GivenName, p.FamilyName)).Exec(sys); err != nil {
					return nil, fmt.Errorf("casesearch: case %d of person %d: %w", c.ID, p.ID, err)
				}
			}
			return v, nil
		})
	}, ent.OpUpdateOne))
}

// Matches returns the condition on cases whose search text contains each
// of words (folded, see fold.Words). On PostgreSQL it is a LIKE the
// trigram index answers; on SQLite instr(), which is cheaper per row than
// LIKE (the stored text is folded already).
func Matches(words []string) predicate.CaseFile {
	return func(s *entsql.Selector) {
		for _, w := range words {
			if s.Dialect() == dialect.SQLite {
				s.Where(entsql.P(func(b *entsql.Builder) {
					b.WriteString("instr(").Ident(s.C(casefile.FieldSearchText)).Comma().Arg(w).WriteString(") > 0")
				}))
				continue
			}
			s.Where(entsql.Contains(s.C(casefile.FieldSearchText), w))
		}
	}
}

// Backfill fills in the search text of the cases that have none (stored
// before the column existed), in one transaction, and returns how many.
func Backfill(ctx context.Context, db *sql.DB, d string) (int, error) {
	rows, err := db.QueryContext(ctx, `SELECT c.id, c.reference, p.given_name, p.family_name
		FROM case_files c JOIN persons p ON p.id = c.person_id WHERE c.search_text = ''`)
	if err != nil {
		return 0, fmt.Errorf("casesearch: cases without search text: %w", err)
	}
	type row struct {
		id   int64
		text string
	}
	var todo []row
	for rows.Next() {
		var r row
		var ref, given, family string
		if err := rows.Scan(&r.id, &ref, &given, &family); err != nil {
			_ = rows.Close()
			return 0, fmt.Errorf("casesearch: read a case: %w", err)
		}
		r.text = Text(ref, given, family)
		todo = append(todo, r)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("casesearch: cases without search text: %w", err)
	}
	if len(todo) == 0 {
		return 0, nil
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("casesearch: begin: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // after Commit, nothing to roll back
	update := `UPDATE case_files SET search_text = ? WHERE id = ?`
	if d == dialect.Postgres {
		update = `UPDATE case_files SET search_text = $1 WHERE id = $2`
	}
	stmt, err := tx.PrepareContext(ctx, update)
	if err != nil {
		return 0, fmt.Errorf("casesearch: prepare: %w", err)
	}
	defer stmt.Close()
	for _, r := range todo {
		if _, err := stmt.ExecContext(ctx, r.text, r.id); err != nil {
			return 0, fmt.Errorf("casesearch: case %d: %w", r.id, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("casesearch: commit: %w", err)
	}
	if d == dialect.Postgres {
		// Every row was rewritten: without the old versions cleared and
		// the statistics renewed, lists of cases read twice the pages
		// until autovacuum comes by.
		if _, err := db.ExecContext(ctx, `VACUUM ANALYZE case_files`); err != nil {
			return 0, fmt.Errorf("casesearch: vacuum: %w", err)
		}
	}
	return len(todo), nil
}
