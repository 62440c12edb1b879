package desk

import (
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

// SearchArticles ranks articles by how many of the query's terms they
// contain; title and keywords count twice. Articles matching nothing are
// left out.
func SearchArticles(articles []Article, query string, limit int) []Article {
	return searchArticles(articles, query, limit, 1)
}

// SuggestArticles is SearchArticles for a fault being reported: only
// articles whose title or keywords match are offered, so a requester is
// not held up by loosely related answers.
func SuggestArticles(articles []Article, query string, limit int) []Article {
	return searchArticles(articles, query, limit, 2)
}

func searchArticles(articles []Article, query string, limit, minScore int) []Article {
	q := Terms(query)
	if len(q) == 0 {
		return nil
	}
	type hit struct {
		a     Article
		score int
	}
	var hits []hit
	for _, a := range articles {
		head := strings.ToLower(a.Title + " " + strings.Join(a.Keywords, " "))
		body := strings.ToLower(a.Body)
		score := 0
		for _, t := range q {
			if strings.Contains(head, t) {
				score += 2
			} else if strings.Contains(body, t) {
				score++
			}
		}
		if score >= minScore {
			hits = append(hits, hit{a, score})
		}
	}
	slices.SortStableFunc(hits, func(x, y hit) int { return y.score - x.score })
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
