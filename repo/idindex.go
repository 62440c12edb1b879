package repo

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	_ "modernc.org/sqlite" // FerretDB's own SQLite driver, already in the build
)

// FerretDB v1's SQLite layout, as its source has it: one SQLite file per
// database, "<folder>/<database>.sqlite"; in each, the table
// _ferretdb_collections maps every collection to its table (column
// table_name), and a collection's table keeps each document as JSON in
// the column _ferretdb_sjson.
const (
	sqliteExt          = ".sqlite"
	ferretCollections  = "_ferretdb_collections"
	idIndexSuffix      = "_sjson_id"
	ferretIDExpression = `_ferretdb_sjson->'$._id'`
)

// EnsureIDIndexes gives every collection of every database in the store
// an index that FerretDB's lookups by _id can use.
//
// FerretDB pushes a filter down to SQLite only when it is exactly
// {_id: <string or ObjectID>}, and then filters on
// _ferretdb_sjson->'$._id'. Its own _id index is on
// _ferretdb_sjson->"_id", an expression SQLite does not take for the same
// one, so without this every find, update, replace or delete by _id scans
// the whole table (about 100 ms at 100 k documents); with it SQLite
// searches the index (under 1 ms). The index lives in SQLite only:
// FerretDB neither lists nor drops it, and dropping the collection drops
// its table and the index with it.
//
// It is idempotent and cheap when nothing is missing. Call it after the
// collections exist (FerretDB creates one on its first insert, and that
// one is indexed only when this runs again); it may run while the store
// serves clients.
func (e *Embedded) EnsureIDIndexes(ctx context.Context) error {
	entries, err := os.ReadDir(e.dir)
	if err != nil {
		return fmt.Errorf("index the embedded store: %w", err)
	}
	for _, ent := range entries {
		if ent.IsDir() || !strings.HasSuffix(ent.Name(), sqliteExt) {
			continue
		}
		if err := indexDatabase(ctx, filepath.Join(e.dir, ent.Name())); err != nil {
			return fmt.Errorf("index the embedded store's %s: %w", ent.Name(), err)
		}
	}
	return nil
}

// indexDatabase creates the missing _id indexes in one database file.
func indexDatabase(ctx context.Context, file string) error {
	db, err := sql.Open("sqlite", sqliteDSN(file))
	if err != nil {
		return err
	}
	defer db.Close()
	// One connection: nothing here runs in parallel, and a single
	// connection holds at most one SQLite lock at a time.
	db.SetMaxOpenConns(1)

	tables, err := collectionTables(ctx, db)
	if err != nil {
		return err
	}
	for _, t := range tables {
		q := fmt.Sprintf("CREATE INDEX IF NOT EXISTS %s ON %s (%s)",
			quoteIdent(t+idIndexSuffix), quoteIdent(t), ferretIDExpression)
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("index table %s: %w", t, err)
		}
	}
	return nil
}

// sqliteDSN is the modernc.org/sqlite name that opens file, which must
// exist (mode=rw: never create an empty database beside FerretDB's), and
// waits for FerretDB's write locks rather than failing at once.
func sqliteDSN(file string) string {
	q := url.Values{"mode": {"rw"}, "_pragma": {"busy_timeout(10000)"}}
	// A file: URI with the path percent-encoded, so that a folder whose
	// name holds '?', '#' or '%' still opens the right file.
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(file), OmitHost: true, RawQuery: q.Encode()}
	return u.String()
}

// collectionTables lists the tables of a database's collections; none
// when the database has no collection table yet.
func collectionTables(ctx context.Context, db *sql.DB) ([]string, error) {
	var n int
	err := db.QueryRowContext(ctx,
		`SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?`, ferretCollections).Scan(&n)
	if err != nil || n == 0 {
		return nil, err
	}
	rows, err := db.QueryContext(ctx, "SELECT table_name FROM "+quoteIdent(ferretCollections))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var tables []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	return tables, rows.Err()
}

// quoteIdent quotes an SQLite identifier: table names come from
// collection names, which may hold any character but NUL.
func quoteIdent(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
