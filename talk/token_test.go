package talk

import (
	"math"
	"strings"
	"testing"
)

// FuzzParseToken: a token comes from whoever pressed (or forged) a button,
// so ParseToken sees anything at all. It must not panic, must refuse what
// no platform could carry back, and what it accepts must mean the same
// when the desk writes it again.
func FuzzParseToken(f *testing.F) {
	for _, s := range []string{
		"d:3:yes", "d:3:edit:title", "d:-1:", "d:+7:x", "d:007:x", "d:3",
		"f:4", "f:4:x", "f:", "f:99999999999999999999",
		"t:claim:1042", "t:rate:1042:5", "t:rate:1042:5:extra", "t:claim:10a2", "t:claim:", "t:claim",
		"m:report", "m:report:new", "m:lang:zh:x", "m:",
		"", ":", "x:1:2", "dd:1:2", "d::x", "t::1",
		strings.Repeat("m:", 32), "m:" + strings.Repeat("x", MaxToken),
		"d:1:\xff\xfe", "m:\u202ereport",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tk, ok := ParseToken(s)
		if !ok {
			if tk != (Token{}) {
				t.Fatalf("refused %q but returned %+v", s, tk)
			}
			return
		}
		if len(s) > MaxToken {
			t.Fatalf("accepted %d bytes, more than %d: %q", len(s), MaxToken, s)
		}
		if tk.Kind == 't' && !ValidID(tk.Ticket) {
			t.Fatalf("accepted ticket %q in %q", tk.Ticket, s)
		}
		again := build(tk)
		if len(again) > len(s) {
			t.Fatalf("%q written again is longer: %q", s, again)
		}
		if tk2, ok := ParseToken(again); !ok || tk2 != tk {
			t.Fatalf("%q → %+v → %q → %+v, %v", s, tk, again, tk2, ok)
		}
	})
}

// FuzzTokenBuilders: every token the desk builds from parts that fit the
// grammar (no colon in an action or command name, a decimal ticket ID)
// and that is short enough to send comes back as the same parts.
func FuzzTokenBuilders(f *testing.F) {
	f.Add(byte('d'), 3, "", "", "yes")
	f.Add(byte('d'), 3, "", "", "edit:title")
	f.Add(byte('d'), -1, "", "", "")
	f.Add(byte('d'), math.MinInt, "", "", "x")
	f.Add(byte('f'), 12, "", "", "")
	f.Add(byte('f'), math.MaxInt, "", "", "")
	f.Add(byte('t'), 0, "claim", "1042", "")
	f.Add(byte('t'), 0, "rate", "1042", "5")
	f.Add(byte('t'), 0, "note", "1042", "a:b")
	f.Add(byte('m'), 0, "report", "", "")
	f.Add(byte('m'), 0, "lang", "", "zh")
	f.Add(byte('m'), 0, "", "", "a:b")
	f.Fuzz(func(t *testing.T, kind byte, version int, name, id, arg string) {
		var s string
		want := Token{Kind: kind}
		switch kind {
		case 'd':
			s = DialogueToken(version, arg)
			want.Version, want.Arg = version, arg
		case 'f':
			s = FormToken(version)
			want.Version = version
		case 't':
			if strings.Contains(name, ":") || !ValidID(id) {
				return
			}
			if arg == "" {
				s = TicketToken(name, id)
			} else {
				s = TicketToken(name, id, arg)
			}
			want.Name, want.Ticket, want.Arg = name, id, arg
		case 'm':
			if strings.Contains(name, ":") {
				return
			}
			if arg == "" {
				s = MenuToken(name)
			} else {
				s = MenuToken(name, arg)
			}
			want.Name, want.Arg = name, arg
		default:
			return
		}
		got, ok := ParseToken(s)
		if len(s) > MaxToken {
			if ok {
				t.Fatalf("accepted %d bytes: %q", len(s), s)
			}
			return
		}
		if !ok || got != want {
			t.Fatalf("%+v → %q → %+v, %v", want, s, got, ok)
		}
	})
}

// build writes a parsed token again with the builders.
func build(tk Token) string {
	switch tk.Kind {
	case 'd':
		return DialogueToken(tk.Version, tk.Arg)
	case 'f':
		return FormToken(tk.Version)
	case 't':
		if tk.Arg == "" {
			return TicketToken(tk.Name, tk.Ticket)
		}
		return TicketToken(tk.Name, tk.Ticket, tk.Arg)
	case 'm':
		if tk.Arg == "" {
			return MenuToken(tk.Name)
		}
		return MenuToken(tk.Name, tk.Arg)
	}
	return ""
}
