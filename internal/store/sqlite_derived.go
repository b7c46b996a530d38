package store

import (
	"context"
	"fmt"
)

// sqliteDerivedVersion is the PRAGMA user_version of a SQLite database
// whose cases carry the data the case statistics read (see
// migrateSQLiteDerived).
const sqliteDerivedVersion = 3

// sqliteDerived fills in, for the cases written before the case's hook
// kept them (ent/schema/casestats.go), the rows and the key of their
// support needs, their person's nationality and the days from opening to
// arrival and from arrival to closing; the PostgreSQL migrations that add
// them do the same. It can run again: it writes everything anew.
var sqliteDerived = []string{
	`DELETE FROM case_support_needs`,
	`INSERT INTO case_support_needs (case_id, need)
	 SELECT DISTINCT c.id, need.value FROM case_files AS c,
	 json_each(CASE WHEN json_type(c.support_needs) = 'array' THEN c.support_needs ELSE '[]' END) AS need`,
	`UPDATE case_files SET
	 support_needs_key = (SELECT '[' || COALESCE(group_concat(json_quote(value), ','), '') || ']' FROM (SELECT DISTINCT need.value
	   FROM json_each(CASE WHEN json_type(support_needs) = 'array' THEN support_needs ELSE '[]' END) AS need ORDER BY need.value)),
	 person_nationality = (SELECT NULLIF(p.nationality, '') FROM persons AS p WHERE p.id = case_files.person_id),
	 days_to_arrival = CASE WHEN arrived_on IS NOT NULL
	   THEN CAST(julianday(date(arrived_on)) - julianday(date(opened_on)) AS INTEGER) END,
	 days_arrival_to_closing = CASE WHEN status = 'CLOSED' AND arrived_on IS NOT NULL AND closed_on IS NOT NULL
	   THEN CAST(julianday(date(closed_on)) - julianday(date(arrived_on)) AS INTEGER) END`,
}

// migrateSQLiteDerived fills in the data of cases the statistics read
// (sqliteDerived), in one transaction, once per database; it runs after
// migrateSQLiteTimes, whose sortable times it reads.
func (s *Store) migrateSQLiteDerived(ctx context.Context) (err error) {
	var version int
	if err := s.DB.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return fmt.Errorf("store: read the SQLite user version: %w", err)
	}
	if version >= sqliteDerivedVersion {
		return nil
	}
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: fill in the data of case statistics: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	for _, q := range append(sqliteDerived, fmt.Sprintf(`PRAGMA user_version = %d`, sqliteDerivedVersion)) {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("store: fill in the data of case statistics: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: fill in the data of case statistics: %w", err)
	}
	return nil
}
