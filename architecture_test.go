// Package architecture_test keeps the direction of imports that the
// README's architecture section draws: the domain needs nothing, each SDK
// has one home, adapters never reach the database, and the vocabulary
// depends on no one who speaks it.
package architecture_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/repairdesk/repairdesk"

// sdkHomes names, for each SDK, the only packages (with their
// sub-packages) that may import it besides cmd.
var sdkHomes = map[string][]string{
	"github.com/go-telegram/bot":          {"bots/telegram"},
	"github.com/slack-go/slack":           {"bots/slack"},
	"go.mongodb.org/mongo-driver":         {"repo"},
	"github.com/FerretDB/FerretDB":        {"repo"},
	"modernc.org/sqlite":                  {"repo"},
	"github.com/robfig/cron":              {"scheduler"},
	"github.com/prometheus/client_golang": {},
	"gonum.org/v1/plot":                   {"chart"},
	"github.com/boombuler/barcode":        {"sheet"},
	"golang.org/x/image":                  {"chart", "sheet"},
}

// forbidden lists, for a package (and its sub-packages), project packages
// it must not import.
var forbidden = map[string][]string{
	"talk":         {"conversation", "notice", "bots", "repo", "scheduler", "cmd", "i18n"},
	"i18n":         {"conversation", "notice", "bots", "repo", "scheduler", "cmd"},
	"conversation": {"notice", "bots", "repo", "scheduler", "cmd"},
	"notice":       {"conversation", "bots", "repo", "scheduler", "cmd"},
	"bots":         {"repo", "conversation", "notice", "scheduler", "cmd"},
	"scheduler":    {"conversation", "bots", "repo", "cmd"},
	"repo":         {"bots", "scheduler", "cmd"},
	"chart":        {"conversation", "notice", "bots", "repo", "scheduler", "cmd"},
	// sheet draws codes for links and labels; it knows no one.
	"sheet": {"desk", "talk", "i18n", "conversation", "notice", "bots", "repo", "scheduler", "cmd"},
}

// violations returns every broken rule in a graph of project packages
// (paths relative to the module) to the import paths of their non-test
// files.
func violations(graph map[string][]string) []string {
	var out []string
	for pkg, imports := range graph {
		for _, imp := range imports {
			if why := broken(pkg, imp); why != "" {
				out = append(out, pkg+" imports "+imp+": "+why)
			}
		}
	}
	slices.Sort(out)
	return out
}

func broken(pkg, imp string) string {
	own, ours := strings.CutPrefix(imp, module+"/")
	if pkg == "desk" && (ours || strings.Contains(strings.Split(imp, "/")[0], ".")) {
		return "desk imports the standard library only"
	}
	if !ours {
		for sdk, homes := range sdkHomes {
			if imp != sdk && !strings.HasPrefix(imp, sdk+"/") {
				continue
			}
			if within(pkg, "cmd") || slices.ContainsFunc(homes, func(h string) bool { return within(pkg, h) }) {
				return ""
			}
			return "this SDK belongs to " + strings.Join(append(homes, "cmd"), ", ")
		}
		return ""
	}
	for from, targets := range forbidden {
		if !within(pkg, from) {
			continue
		}
		for _, t := range targets {
			if within(own, t) {
				return from + " may not depend on " + t
			}
		}
	}
	return ""
}

// within reports whether pkg is dir or below it.
func within(pkg, dir string) bool { return pkg == dir || strings.HasPrefix(pkg, dir+"/") }

// importGraph reads the imports of every non-test Go file in the module.
func importGraph(t *testing.T) map[string][]string {
	t.Helper()
	graph := map[string][]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != ".") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		pkg := filepath.ToSlash(filepath.Dir(path))
		for _, spec := range f.Imports {
			imp, _ := strconv.Unquote(spec.Path.Value)
			if !slices.Contains(graph[pkg], imp) {
				graph[pkg] = append(graph[pkg], imp)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return graph
}

func TestImportRules(t *testing.T) {
	graph := importGraph(t)
	for _, pkg := range []string{"desk", "talk", "conversation", "notice", "bots/telegram", "repo", "scheduler", "sheet", "cmd/repairdesk"} {
		if _, ok := graph[pkg]; !ok {
			t.Fatalf("package %s not found: the walk is broken", pkg)
		}
	}
	for _, v := range violations(graph) {
		t.Error(v)
	}
}

// The rules catch what they are for: each planted import is reported.
func TestImportRulesCatchViolations(t *testing.T) {
	for name, planted := range map[string][2]string{
		"desk-imports-project":    {"desk", module + "/talk"},
		"desk-imports-module":     {"desk", "golang.org/x/text/language"},
		"sdk-outside-home":        {"conversation", "github.com/go-telegram/bot/models"},
		"mongo-outside-repo":      {"scheduler", "go.mongodb.org/mongo-driver/v2/bson"},
		"cron-outside-scheduler":  {"notice", "github.com/robfig/cron/v3"},
		"prometheus-outside-cmd":  {"bots/web", "github.com/prometheus/client_golang/prometheus"},
		"plot-outside-chart":      {"notice", "gonum.org/v1/plot/plotter"},
		"chart-imports-flow":      {"chart", module + "/conversation"},
		"adapter-imports-repo":    {"bots/slack", module + "/repo"},
		"vocabulary-imports-flow": {"talk", module + "/conversation"},
		"vocabulary-imports-bot":  {"talk", module + "/bots/telegram"},
		"notice-imports-flow":     {"notice", module + "/conversation"},
		"qr-outside-sheet":        {"conversation", "github.com/boombuler/barcode/qr"},
		"sheet-imports-desk":      {"sheet", module + "/desk"},
	} {
		t.Run(name, func(t *testing.T) {
			got := violations(map[string][]string{planted[0]: {planted[1], "context"}})
			if len(got) != 1 {
				t.Errorf("%s importing %s: got %v, want one violation", planted[0], planted[1], got)
			}
		})
	}
	for name, allowed := range map[string][2]string{
		"sdk-in-home":        {"bots/telegram", "github.com/go-telegram/bot"},
		"sdk-in-cmd":         {"cmd/repairdesk", "github.com/slack-go/slack"},
		"desk-stdlib":        {"desk", "unicode/utf8"},
		"adapter-vocabulary": {"bots/web", module + "/talk"},
		"repo-sub-package":   {"repo/embedded", "github.com/FerretDB/FerretDB/ferretdb"},
	} {
		t.Run(name, func(t *testing.T) {
			if got := violations(map[string][]string{allowed[0]: {allowed[1]}}); len(got) != 0 {
				t.Errorf("%s importing %s: got %v, want none", allowed[0], allowed[1], got)
			}
		})
	}
}
