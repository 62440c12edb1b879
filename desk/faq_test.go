package desk

import (
	"slices"
	"testing"
)

func ids(as []Article) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.ID)
	}
	return out
}

// Suggestions while a fault is described come from the terms that tell
// the articles apart, not from any two characters they share: 房间 (room)
// is in the power article's title, and a broken door lock is no power cut.
func TestSuggestByRealTerms(t *testing.T) {
	as, cat := DefaultArticles(), DefaultCatalog()
	for _, c := range []struct {
		name, text string
		want       []string // in order; nil for none
	}{
		{"door-lock-is-not-a-power-cut", "房间门锁坏了", nil},
		{"door-lock-with-title", "门锁 房间门锁坏了，钥匙插不进去", nil},
		{"power-cut", "宿舍停电了 房间里所有插座都没电", []string{"power"}},
		{"power-cut-english", "Power out: the breaker keeps tripping", []string{"power"}},
		{"aircon-in-a-room", "房间空调不制冷", []string{"aircon"}},
		{"aircon-alone", "空调坏了", []string{"aircon"}},
		{"leaking-tap", "卫生间水龙头一直漏水", []string{"leak"}},
		{"wifi", "宿舍连不上网络", []string{"wifi"}},
		{"nothing-in-common", "桌子腿断了", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := ids(SuggestArticles(as, cat, c.text, 2)); !slices.Equal(got, c.want) {
				t.Errorf("suggested %v, want %v", got, c.want)
			}
		})
	}
}

// A search asked for by the person ranks by the same weights, and still
// finds an article by a word of its body.
func TestSearchRanksByRealTerms(t *testing.T) {
	as, cat := DefaultArticles(), DefaultCatalog()
	for _, c := range []struct {
		name, query, first string
	}{
		{"aircon", "宿舍空调不制冷", "aircon"},
		{"wifi", "wifi broken", "wifi"},
		{"body-word", "filter", "aircon"},
		{"room-and-power", "房间停电", "power"},
		{"nonsense", "xyzzy", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := ids(SearchArticles(as, cat, c.query, 3))
			if c.first == "" {
				if len(got) != 0 {
					t.Fatalf("found %v, want nothing", got)
				}
				return
			}
			if len(got) == 0 || got[0] != c.first {
				t.Fatalf("found %v, want %s first", got, c.first)
			}
		})
	}
}
