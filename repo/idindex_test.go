package repo

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"go.mongodb.org/mongo-driver/v2/bson"
	"go.mongodb.org/mongo-driver/v2/mongo"
)

// ferretFindByID is the statement FerretDB v1.24's SQLite backend runs
// for a find by _id alone (backends/sqlite/collection.go: the collection
// query with "WHERE _ferretdb_sjson->'$._id' = ?").
const ferretFindByID = `SELECT _ferretdb_sjson FROM %s WHERE _ferretdb_sjson->'$._id' = ?`

func TestEnsureIDIndexesMakesFindByIDSearch(t *testing.T) {
	ctx := t.Context()
	e := newTestEmbedded(t)
	db := connectTest(t, e).Database("repairdesk")
	col := db.Collection("tickets")
	insertDocs(t, col, 20_000)

	plan := findByIDPlan(t, e, "repairdesk", "tickets")
	t.Logf("plan without the index: %s", plan)
	if !strings.Contains(plan, "SCAN") {
		t.Fatalf("before EnsureIDIndexes the plan is %q; FerretDB has started indexing the lookup itself, and EnsureIDIndexes may no longer be needed", plan)
	}
	if err := e.EnsureIDIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	table := tableOf(t, e, "repairdesk", "tickets")
	plan = findByIDPlan(t, e, "repairdesk", "tickets")
	t.Logf("plan with the index: %s", plan)
	if want := "SEARCH " + table + " USING INDEX " + table + "_sjson_id"; !strings.Contains(plan, want) {
		t.Fatalf("after EnsureIDIndexes the plan is %q, want %q", plan, want)
	}

	// FerretDB still finds, and does not show the index as its own.
	var got struct{ N int }
	if err := col.FindOne(ctx, bson.D{{Key: "_id", Value: docID(12_345)}}).Decode(&got); err != nil || got.N != 12_345 {
		t.Fatalf("find by _id: %+v, %v", got, err)
	}
	specs, err := col.Indexes().ListSpecifications(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) != 1 || specs[0].Name != "_id_" {
		t.Fatalf("indexes FerretDB lists: %+v", specs)
	}

	// Again, with a collection and a database created since: it indexes
	// what is new and leaves the rest as it was.
	if _, err := db.Collection("Sessions.v2 été").InsertOne(ctx, bson.D{{Key: "_id", Value: "s"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := connectTest(t, e).Database("other").Collection("users").InsertOne(ctx, bson.D{{Key: "_id", Value: "u"}}); err != nil {
		t.Fatal(err)
	}
	if err := e.EnsureIDIndexes(ctx); err != nil {
		t.Fatal(err)
	}
	for _, dc := range [][2]string{{"repairdesk", "tickets"}, {"repairdesk", "Sessions.v2 été"}, {"other", "users"}} {
		if plan := findByIDPlan(t, e, dc[0], dc[1]); !strings.Contains(plan, "USING INDEX") {
			t.Errorf("%s.%s: plan %q", dc[0], dc[1], plan)
		}
	}
}

func docID(i int) string { return fmt.Sprintf("doc-%06d", i) }

// insertDocs inserts n documents {_id: docID(i), n: i, ...} in batches.
func insertDocs(t testing.TB, col *mongo.Collection, n int) {
	t.Helper()
	const batch = 1000
	docs := make([]any, 0, batch)
	for i := range n {
		docs = append(docs, bson.D{
			{Key: "_id", Value: docID(i)}, {Key: "n", Value: i},
			{Key: "state", Value: "open"}, {Key: "title", Value: "The lamp in room 101 flickers"},
		})
		if len(docs) == batch || i == n-1 {
			if _, err := col.InsertMany(context.Background(), docs); err != nil {
				t.Fatal(err)
			}
			docs = docs[:0]
		}
	}
}

// openSQLite opens the SQLite file of database dbName in e.
func openSQLite(t testing.TB, e *Embedded, dbName string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", sqliteDSN(filepath.Join(e.Dir(), dbName+sqliteExt)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// tableOf is the SQLite table FerretDB keeps a collection in.
func tableOf(t testing.TB, e *Embedded, dbName, collection string) string {
	t.Helper()
	var table string
	err := openSQLite(t, e, dbName).QueryRow(
		"SELECT table_name FROM "+quoteIdent(ferretCollections)+" WHERE name = ?", collection).Scan(&table)
	if err != nil {
		t.Fatalf("table of %s.%s: %v", dbName, collection, err)
	}
	return table
}

// findByIDPlan is SQLite's EXPLAIN QUERY PLAN of FerretDB's find by _id
// in a collection, its details joined by "; ".
func findByIDPlan(t testing.TB, e *Embedded, dbName, collection string) string {
	t.Helper()
	table := tableOf(t, e, dbName, collection)
	rows, err := openSQLite(t, e, dbName).Query(
		"EXPLAIN QUERY PLAN "+fmt.Sprintf(ferretFindByID, quoteIdent(table)), `"doc-000001"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var details []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		details = append(details, detail)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return strings.Join(details, "; ")
}

// BenchmarkFindByID finds documents by _id in a collection of 20 k,
// first as FerretDB does on its own, then after EnsureIDIndexes:
//
//	go test -run '^$' -bench FindByID ./repo/
func BenchmarkFindByID(b *testing.B) {
	const n = 20_000
	e := newTestEmbedded(b)
	col := connectTest(b, e).Database("repairdesk").Collection("tickets")
	insertDocs(b, col, n)
	find := func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			k := (i * 7919) % n
			var got struct{ N int }
			if err := col.FindOne(b.Context(), bson.D{{Key: "_id", Value: docID(k)}}).Decode(&got); err != nil || got.N != k {
				b.Fatalf("find %d: %+v, %v", k, got, err)
			}
		}
	}
	b.Run("scan", find)
	if err := e.EnsureIDIndexes(b.Context()); err != nil {
		b.Fatal(err)
	}
	b.Run("index", find)
}

// BenchmarkOpenEmbedded is the time from OpenEmbedded to a client that
// has had its ping answered, on a new folder (closing is not counted).
func BenchmarkOpenEmbedded(b *testing.B) {
	ctx := context.Background()
	for b.Loop() {
		dir := b.TempDir()
		e, err := OpenEmbedded(ctx, dir, nil)
		if err != nil {
			b.Fatal(err)
		}
		c, err := Connect(ctx, e.URI(), true)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		_ = c.Disconnect(ctx)
		if err := e.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
}
