package repo

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"
	"testing"
)

// leavesSessionsStaged lists the exported writes of Store that do not
// write the staged sessions first (sessionsFirst), each because no
// dialogue reads what it writes, or because it writes them itself.
var leavesSessionsStaged = map[string]string{
	"KeepAll":        "an input kept: the dialogue reads it only when handed over",
	"Finish":         "writes the staged sessions itself, first",
	"FirstTime":      "the notices' and scheduler's marks",
	"PruneSeen":      "records older than any input in hand",
	"HoldAnswers":    "answers owed, read by the adapter, not the dialogue",
	"DropHeld":       "the same",
	"Lease":          "which copy runs a job",
	"ReleaseLease":   "the same",
	"ClaimTick":      "the same",
	"PutPhoto":       "a new photo under a new id: a replay stores another",
	"MarkSent":       "how many notices went out, read by the dispatcher",
	"PutSession":     "the sessions themselves",
	"StageSession":   "the same",
	"EnsureSchema":   "before anything runs",
	"RebuildHistory": "the history's lines, rebuilt from the tickets",
	"Archived":       "an index of closed days, built once from the archive",
	"Kept":           "drops inputs recorded as handled",
	"Seed":           "SaveArticle writes the sessions first",
	"SeedAt":         "the same",
}

// writeCalls are the calls that write to the database: the driver's, and
// Store's own ways to them.
var writeCalls = []string{"InsertOne", "InsertMany", "UpdateOne", "UpdateMany", "ReplaceOne", "DeleteOne", "DeleteMany",
	"FindOneAndUpdate", "FindOneAndReplace", "FindOneAndDelete", "BulkWrite", "insert", "insertDoc", "replaceIf", "write", "flush"}

// Every exported method of Store that writes, directly or through the
// package's other functions, writes the staged sessions first, unless it
// is listed above with its reason: a crash hands over again the steps
// since the last write of sessions, and they replay the same dialogue
// only if nothing they read changed meanwhile (sessionLog).
func TestEveryWriteWritesTheStagedSessionsFirst(t *testing.T) {
	fset := token.NewFileSet()
	entries, err := os.ReadDir(".")
	if err != nil {
		t.Fatal(err)
	}
	calls := map[string][]string{} // function or method name: the names it calls
	exported := map[string]bool{}  // exported methods of *Store
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Body == nil {
				continue
			}
			if fn.Recv != nil && fn.Name.IsExported() {
				if star, ok := fn.Recv.List[0].Type.(*ast.StarExpr); ok {
					if id, ok := star.X.(*ast.Ident); ok && id.Name == "Store" {
						exported[fn.Name.Name] = true
					}
				}
			}
			ast.Inspect(fn.Body, func(n ast.Node) bool {
				if c, ok := n.(*ast.CallExpr); ok {
					switch f := c.Fun.(type) {
					case *ast.SelectorExpr:
						calls[fn.Name.Name] = append(calls[fn.Name.Name], f.Sel.Name)
					case *ast.Ident:
						calls[fn.Name.Name] = append(calls[fn.Name.Name], f.Name)
					}
				}
				return true
			})
		}
	}
	writes := map[string]bool{}
	var reach func(name string, seen map[string]bool) bool
	reach = func(name string, seen map[string]bool) bool {
		if seen[name] {
			return false
		}
		seen[name] = true
		for _, c := range calls[name] {
			// Names stand for every function so named: a cursor's Close
			// is not DB.Close, which writes the sessions at the end.
			if c == "Close" {
				continue
			}
			if slices.Contains(writeCalls, c) || reach(c, seen) {
				return true
			}
		}
		return false
	}
	for m := range exported {
		writes[m] = reach(m, map[string]bool{})
	}
	for m := range exported {
		_, listed := leavesSessionsStaged[m]
		first := slices.Contains(calls[m], "sessionsFirst")
		switch {
		case writes[m] && !first && !listed:
			t.Errorf("Store.%s writes, but not the staged sessions first: call sessionsFirst, or list it with the reason", m)
		case listed && (first || !writes[m]):
			t.Errorf("Store.%s is listed as leaving sessions staged, but it writes them or writes nothing", m)
		}
	}
	if !writes["UpdateUser"] || !writes["Archive"] {
		t.Fatal("the writes are not found: the test reads the package wrongly")
	}
}
