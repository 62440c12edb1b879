package desk

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
)

// Article is one FAQ entry.
type Article struct {
	ID       string   `bson:"_id"`
	Title    string   `bson:"title"`
	Body     string   `bson:"body"`
	Keywords []string `bson:"keywords"`
}

// Terms splits text into search terms. Latin words are lower-cased words;
// Chinese has no spaces, so a run of Han characters gives its single
// characters' bigrams (空调不制冷 → 空调 调不 不制 制冷), which lets 空调
// match inside a longer phrase without a dictionary.
func Terms(text string) []string {
	var terms []string
	var word []rune
	var han []rune
	flushWord := func() {
		if len(word) > 1 && !stopWords[string(word)] {
			terms = append(terms, string(word))
		}
		word = word[:0]
	}
	flushHan := func() {
		switch {
		case len(han) == 1:
			terms = append(terms, string(han))
		case len(han) > 1:
			for i := 0; i+1 < len(han); i++ {
				terms = append(terms, string(han[i:i+2]))
			}
		}
		han = han[:0]
	}
	for _, r := range text {
		switch {
		case unicode.Is(unicode.Han, r):
			flushWord()
			han = append(han, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flushHan()
			word = append(word, unicode.ToLower(r))
		default:
			flushWord()
			flushHan()
		}
	}
	flushWord()
	flushHan()
	slices.Sort(terms)
	return slices.Compact(terms)
}

// stopWords are English words too common to tell articles apart.
var stopWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields("the a an and or of to in on at for is are was it its this that my our not no does do did with from by be been has have had there here when what why how all any can cannot will would should please after before since next room") {
		stopWords[w] = true
	}
}

// Bigrams rather than a segmenter's words: a dictionary segmenter brings
// tens of megabytes of dictionary, and the domain keeps to the standard
// library. A shared pair of characters says little by itself: 房间 (room) is in
// the power article's title, yet a broken door lock in a room is no power
// cut. So each term is weighed by how rare it is (its inverse document
// frequency) across the articles and the catalogue's entries, and by
// where the article has it: among its keywords, the terms its author
// chose, three times; in its title twice; in its body once.
const (
	weightKeyword = 3
	weightTitle   = 2
	weightBody    = 1
)

// SearchArticles ranks articles by the weight of the query's terms they
// contain (see faqIndex), best first. An article must match at least one
// term that no more than half of the documents share.
func SearchArticles(articles []Article, cat Catalog, query string, limit int) []Article {
	ix := newFAQIndex(articles, cat)
	return ix.rank(query, limit, false, math.Log(3))
}

// SuggestArticles is SearchArticles for a fault being reported, where an
// unrelated answer only holds the requester up: an article is offered
// only if the description has one of its keywords (its title's terms if
// it has none), and the match weighs more than a rare word of its title
// alone could.
func SuggestArticles(articles []Article, cat Catalog, query string, limit int) []Article {
	ix := newFAQIndex(articles, cat)
	return ix.rank(query, limit, true, weightTitle*ix.rarest)
}

// faqIndex holds the articles' terms by place and every term's weight.
type faqIndex struct {
	docs []faqDoc
	idf  map[string]float64
	// rarest is the weight of a term only one document has.
	rarest float64
}

type faqDoc struct {
	a                 Article
	keys, title, body map[string]bool
}

func termSet(text string) map[string]bool {
	set := map[string]bool{}
	for _, t := range Terms(text) {
		set[t] = true
	}
	return set
}

func newFAQIndex(articles []Article, cat Catalog) *faqIndex {
	ix := &faqIndex{idf: map[string]float64{}}
	df := map[string]int{}
	n := 0
	count := func(set map[string]bool) {
		n++
		for t := range set {
			df[t]++
		}
	}
	for _, a := range articles {
		d := faqDoc{a: a, keys: termSet(strings.Join(a.Keywords, " ")), title: termSet(a.Title), body: termSet(a.Body)}
		if len(d.keys) == 0 {
			d.keys = d.title
		}
		ix.docs = append(ix.docs, d)
		all := map[string]bool{}
		for _, set := range []map[string]bool{d.keys, d.title, d.body} {
			for t := range set {
				all[t] = true
			}
		}
		count(all)
	}
	// The catalogue's entries are words every report is made of (a
	// problem type, a building): a term they share is common.
	entries := append(slices.Clone(cat.ProblemTypes), cat.RepairTypes...)
	for _, z := range cat.Zones {
		entries = append(entries, z.Name)
		entries = append(entries, z.Buildings...)
	}
	for _, e := range entries {
		count(termSet(e))
	}
	for t, k := range df {
		ix.idf[t] = math.Log(1 + float64(n)/float64(k))
	}
	ix.rarest = math.Log(1 + float64(n))
	return ix
}

// rank scores every article against the query and returns those scoring
// at least minScore, best first; with needKey, only those that have one
// of the query's terms among their keywords.
func (ix *faqIndex) rank(query string, limit int, needKey bool, minScore float64) []Article {
	q := Terms(query)
	if len(q) == 0 {
		return nil
	}
	type hit struct {
		a     Article
		score float64
	}
	var hits []hit
	for _, d := range ix.docs {
		score, keyed := 0.0, false
		for _, t := range q {
			switch {
			case d.keys[t]:
				score += weightKeyword * ix.idf[t]
				keyed = true
			case d.title[t]:
				score += weightTitle * ix.idf[t]
			case d.body[t]:
				score += weightBody * ix.idf[t]
			}
		}
		// A little below the bound, so that rounding does not drop a
		// score that meets it exactly.
		if score >= minScore-1e-9 && (keyed || !needKey) {
			hits = append(hits, hit{d.a, score})
		}
	}
	slices.SortStableFunc(hits, func(x, y hit) int { return cmp.Compare(y.score, x.score) })
	var out []Article
	for i := 0; i < len(hits) && i < limit; i++ {
		out = append(out, hits[i].a)
	}
	return out
}

// DefaultArticles are the FAQ articles of a new desk.
func DefaultArticles() []Article {
	return []Article{
		{ID: "aircon", Title: "空调不制冷怎么办？ Air conditioner not cooling",
			Body:     "先检查遥控器模式是否为制冷、温度是否低于室温，滤网是否堵塞。Check the remote is in COOL mode, the set temperature is below the room's, and the filter is clean. 仍不制冷请报修。",
			Keywords: []string{"空调", "制冷", "aircon", "air", "conditioner", "cooling"}},
		{ID: "power", Title: "房间停电 Power out in a room",
			Body:     "查看房间配电箱的空气开关是否跳闸，先关闭大功率电器再合闸。Check the breaker in the room's panel; switch off heavy appliances before resetting it.",
			Keywords: []string{"停电", "跳闸", "power", "breaker", "electricity"}},
		{ID: "wifi", Title: "校园网连不上 Cannot connect to campus Wi-Fi",
			Body:     "忘记网络后重新连接，并确认账号未欠费。Forget the network and join again; check your account is active.",
			Keywords: []string{"网络", "wifi", "network", "internet", "上网"}},
		{ID: "leak", Title: "水龙头漏水 Leaking tap",
			Body:     "先关闭水龙头下方的角阀以防漏水扩大，然后报修。Close the valve under the tap, then report the leak.",
			Keywords: []string{"漏水", "水龙头", "leak", "tap", "water"}},
	}
}
