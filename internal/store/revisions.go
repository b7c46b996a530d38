package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"ariga.io/atlas/sql/migrate"
)

// revisionTable records the migrations applied to a PostgreSQL database.
// Its columns are those of the Atlas command line's revision table, so
// `atlas migrate status --revisions-schema public` can read it too.
const revisionTable = "atlas_schema_revisions"

// querier is a connection or a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// revisions is Atlas's RevisionReadWriter on revisionTable.
type revisions struct {
	q      querier
	schema string
}

var _ migrate.RevisionReadWriter = (*revisions)(nil)

// newRevisions creates the revision table when it is missing.
func newRevisions(ctx context.Context, q querier) (*revisions, error) {
	r := &revisions{q: q}
	if err := q.QueryRowContext(ctx, `SELECT current_schema()`).Scan(&r.schema); err != nil {
		return nil, fmt.Errorf("store: migrate: current schema: %w", err)
	}
	_, err := q.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+revisionTable+` (
		version character varying NOT NULL PRIMARY KEY,
		description character varying NOT NULL,
		type bigint NOT NULL DEFAULT 2,
		applied bigint NOT NULL DEFAULT 0,
		total bigint NOT NULL DEFAULT 0,
		executed_at timestamptz NOT NULL,
		execution_time bigint NOT NULL,
		error text NULL,
		error_stmt text NULL,
		hash character varying NOT NULL,
		partial_hashes jsonb NULL,
		operator_version character varying NOT NULL)`)
	if err != nil {
		return nil, fmt.Errorf("store: migrate: create %s: %w", revisionTable, err)
	}
	return r, nil
}

// Ident names the table, so that it does not count as content.
func (r *revisions) Ident() *migrate.TableIdent {
	return &migrate.TableIdent{Name: revisionTable, Schema: r.schema}
}

const revisionColumns = `version, description, type, applied, total, executed_at, execution_time, error, error_stmt, hash, partial_hashes, operator_version`

// ReadRevisions returns all revisions, oldest version first.
func (r *revisions) ReadRevisions(ctx context.Context) ([]*migrate.Revision, error) {
	rows, err := r.q.QueryContext(ctx, `SELECT `+revisionColumns+` FROM `+revisionTable+` ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("store: read revisions: %w", err)
	}
	defer rows.Close()
	var revs []*migrate.Revision
	for rows.Next() {
		rev, err := scanRevision(rows)
		if err != nil {
			return nil, err
		}
		revs = append(revs, rev)
	}
	return revs, rows.Err()
}

// ReadRevision returns the revision of version, or migrate.ErrRevisionNotExist.
func (r *revisions) ReadRevision(ctx context.Context, version string) (*migrate.Revision, error) {
	rev, err := scanRevision(r.q.QueryRowContext(ctx, `SELECT `+revisionColumns+` FROM `+revisionTable+` WHERE version = $1`, version))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, migrate.ErrRevisionNotExist
	}
	return rev, err
}

// WriteRevision inserts or updates rev.
func (r *revisions) WriteRevision(ctx context.Context, rev *migrate.Revision) error {
	partial, err := json.Marshal(rev.PartialHashes)
	if err != nil {
		return err
	}
	_, err = r.q.ExecContext(ctx, `INSERT INTO `+revisionTable+` (`+revisionColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, NULLIF($8, ''), NULLIF($9, ''), $10, $11, $12)
		ON CONFLICT (version) DO UPDATE SET description = EXCLUDED.description, type = EXCLUDED.type,
		applied = EXCLUDED.applied, total = EXCLUDED.total, executed_at = EXCLUDED.executed_at,
		execution_time = EXCLUDED.execution_time, error = EXCLUDED.error, error_stmt = EXCLUDED.error_stmt,
		hash = EXCLUDED.hash, partial_hashes = EXCLUDED.partial_hashes, operator_version = EXCLUDED.operator_version`,
		rev.Version, rev.Description, int64(rev.Type), rev.Applied, rev.Total, rev.ExecutedAt, int64(rev.ExecutionTime),
		rev.Error, rev.ErrorStmt, rev.Hash, partial, rev.OperatorVersion)
	if err != nil {
		return fmt.Errorf("store: write revision %s: %w", rev.Version, err)
	}
	return nil
}

// DeleteRevision deletes the revision of version.
func (r *revisions) DeleteRevision(ctx context.Context, version string) error {
	_, err := r.q.ExecContext(ctx, `DELETE FROM `+revisionTable+` WHERE version = $1`, version)
	return err
}

// current is the newest version recorded; "" when there is none.
func (r *revisions) current(ctx context.Context) (string, error) {
	var v sql.NullString
	if err := r.q.QueryRowContext(ctx, `SELECT max(version) FROM `+revisionTable).Scan(&v); err != nil {
		return "", fmt.Errorf("store: read revisions: %w", err)
	}
	return v.String, nil
}

type scanner interface{ Scan(dest ...any) error }

func scanRevision(s scanner) (*migrate.Revision, error) {
	var (
		rev              migrate.Revision
		typ, execTime    int64
		errText, errStmt sql.NullString
		partial          []byte
	)
	err := s.Scan(&rev.Version, &rev.Description, &typ, &rev.Applied, &rev.Total, &rev.ExecutedAt, &execTime,
		&errText, &errStmt, &rev.Hash, &partial, &rev.OperatorVersion)
	if err != nil {
		return nil, err
	}
	rev.Type, rev.ExecutionTime = migrate.RevisionType(typ), time.Duration(execTime)
	rev.Error, rev.ErrorStmt = errText.String, errStmt.String
	if len(partial) > 0 {
		if err := json.Unmarshal(partial, &rev.PartialHashes); err != nil {
			return nil, fmt.Errorf("store: revision %s: %w", rev.Version, err)
		}
	}
	return &rev, nil
}
