// Package repo keeps the repair desk's data in MongoDB: it implements the
// stores that desk and conversation declare, over the official driver, so
// the same code runs against a real MongoDB deployment in production and
// against the embedded store by default.
//
// The embedded store (OpenEmbedded) is FerretDB v1 running inside the
// process over SQLite files in a data folder, served on a loopback port
// and reached through the same driver. It needs no database server, but
// it is used within two limits that shape this package:
//
//   - One connection. FerretDB reads, changes and writes a document
//     without a lock, so two connections lose updates (concurrent $inc
//     lose increments, a conditional claim has several winners). Connect
//     with embedded=true gives the driver a pool of exactly one
//     connection, over which every command runs alone and a conditional
//     findOneAndUpdate is atomic. For the same reason only one process
//     may open a data folder: the second gets ErrDataDirInUse. Several
//     running copies need a real MongoDB.
//
//   - The _id index remedy. FerretDB's SQLite tables have no index that
//     its own lookups by _id can use, so each one scans the collection.
//     EnsureIDIndexes adds, in SQLite, an index on the exact expression
//     FerretDB filters by; a find or update by _id alone then takes well
//     under a millisecond at any size. A filter on anything more than _id
//     still scans, so collections that grow are read by _id, and those
//     filtered on other fields are kept small.
//
//   - No filter on more than _id where it counts. A conditional write,
//     {_id, version} on MongoDB, and a list of the live tickets would
//     each scan. Store makes both through one seam, docs: mongoDocs is
//     the MongoDB way, and on the embedded store embeddedDocs compares
//     in this process, under a lock per document, writes by _id alone,
//     and answers live-ticket reads from a mirror in memory that every
//     such write refreshes. The rest of Store is plain MongoDB code.
//
//   - A commit per write. FerretDB updates a document by reading and
//     decoding it and writing the new one in a transaction of its own;
//     an insert of many documents is one transaction. So on the
//     embedded store a session's versions are inserted, many at once,
//     never updated (sessionlog.go), and what a delete would find only
//     by scanning (the inbox's handled inputs, the versions replaced)
//     is deleted in bulk, once it is half of its collection.
//
// Store.Commands counts the commands sent to the database, by name: each
// is a round trip, which on the one connection every caller waits for.
package repo
