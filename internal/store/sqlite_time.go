package store

import (
	"context"
	"fmt"
	"time"

	"entgo.io/ent/schema/field"

	entmigrate "relocate/ent/migrate"
)

// sqliteTimeVersion is the PRAGMA user_version of a SQLite database whose
// times are all in the sortable UTC format (see sqliteDSN).
const sqliteTimeVersion = 1

// migrateSQLiteTimes rewrites times that earlier releases stored as Go's
// time.String() text ("2026-11-29 06:08:26.0669 +0100 CET m=+1.70") into
// the sortable UTC format, in one transaction, once per database.
// It returns how many values it rewrote.
func (s *Store) migrateSQLiteTimes(ctx context.Context) (converted int, err error) {
	var version int
	if err := s.DB.QueryRowContext(ctx, `PRAGMA user_version`).Scan(&version); err != nil {
		return 0, fmt.Errorf("store: read the SQLite user version: %w", err)
	}
	if version >= sqliteTimeVersion {
		return 0, nil
	}
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("store: convert times: %w", err)
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	for _, t := range entmigrate.Tables {
		for _, c := range t.Columns {
			if c.Type != field.TypeTime {
				continue
			}
			n, err := convertTimes(ctx, tx, t.Name, c.Name)
			if err != nil {
				return 0, err
			}
			converted += n
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf(`PRAGMA user_version = %d`, sqliteTimeVersion)); err != nil {
		return 0, fmt.Errorf("store: convert times: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("store: convert times: %w", err)
	}
	if converted > 0 {
		s.log.InfoContext(ctx, "store: times converted to the sortable UTC format", "values", converted)
	}
	return converted, nil
}

// convertTimes rewrites the times of one column that are not yet in the
// UTC format; the driver reads both formats and writes the new one.
func convertTimes(ctx context.Context, tx querier, table, column string) (int, error) {
	q := fmt.Sprintf(`SELECT rowid, %[1]q FROM %[2]q WHERE typeof(%[1]q) = 'text' AND %[1]q NOT LIKE '%%+00:00'`, column, table)
	rows, err := tx.QueryContext(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("store: convert times of %s.%s: %w", table, column, err)
	}
	type value struct {
		rowid int64
		t     time.Time
	}
	var values []value
	for rows.Next() {
		var (
			v   value
			raw any
		)
		if err := rows.Scan(&v.rowid, &raw); err != nil {
			rows.Close()
			return 0, fmt.Errorf("store: convert times of %s.%s: %w", table, column, err)
		}
		t, ok := raw.(time.Time)
		if !ok {
			rows.Close()
			return 0, fmt.Errorf("store: convert times of %s.%s: row %d holds %q, not a time", table, column, v.rowid, raw)
		}
		v.t = t
		values = append(values, v)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, fmt.Errorf("store: convert times of %s.%s: %w", table, column, err)
	}
	update := fmt.Sprintf(`UPDATE %q SET %q = ? WHERE rowid = ?`, table, column)
	for _, v := range values {
		if _, err := tx.ExecContext(ctx, update, v.t.UTC(), v.rowid); err != nil {
			return 0, fmt.Errorf("store: convert times of %s.%s: %w", table, column, err)
		}
	}
	return len(values), nil
}
