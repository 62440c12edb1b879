package talk

import (
	"strconv"
	"strings"
)

// Button tokens. They say what was pressed, never who may press it: every
// press is checked on the server. Four kinds:
//
//	d:<version>:<value>        an answer to the current dialogue question;
//	                           version is the session's, so a press on an
//	                           earlier question is recognised as stale
//	t:<action>:<ticket>[:<arg>] an action on a ticket
//	m:<command>[:<arg>]        a menu entry, like typing the command
//	f:<version>                a form asking the current question (Form):
//	                           its answer, or its closing
type Token struct {
	Kind    byte // 'd', 't', 'm', 'f'
	Version int
	Name    string // action or command
	Ticket  string
	Arg     string
}

// ParseToken reads a pressed button's token; false if it is not one the
// desk could have made.
func ParseToken(s string) (Token, bool) {
	if len(s) > MaxToken {
		return Token{}, false
	}
	parts := strings.SplitN(s, ":", 4)
	if len(parts) < 2 || len(parts[0]) != 1 {
		return Token{}, false
	}
	tk := Token{Kind: parts[0][0]}
	switch tk.Kind {
	case 'd':
		if len(parts) < 3 {
			return Token{}, false
		}
		v, err := strconv.Atoi(parts[1])
		if err != nil {
			return Token{}, false
		}
		tk.Version, tk.Arg = v, strings.Join(parts[2:], ":")
	case 'f':
		v, err := strconv.Atoi(parts[1])
		if err != nil || len(parts) > 2 {
			return Token{}, false
		}
		tk.Version = v
	case 't':
		if len(parts) < 3 || !ValidID(parts[2]) {
			return Token{}, false
		}
		tk.Name, tk.Ticket = parts[1], parts[2]
		if len(parts) == 4 {
			tk.Arg = parts[3]
		}
	case 'm':
		tk.Name = parts[1]
		if len(parts) > 2 {
			tk.Arg = strings.Join(parts[2:], ":")
		}
	default:
		return Token{}, false
	}
	return tk, true
}

// ValidID accepts ticket IDs, which are decimal numbers, so a forged token
// cannot carry anything else towards the store.
func ValidID(s string) bool {
	if s == "" || len(s) > 12 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// DialogueToken answers the dialogue's question of the given version.
func DialogueToken(version int, value string) string {
	return "d:" + strconv.Itoa(version) + ":" + value
}

// FormToken opens or answers the question of the given version as a form.
func FormToken(version int) string { return "f:" + strconv.Itoa(version) }

// TicketToken takes an action on a ticket.
func TicketToken(action, id string, arg ...string) string {
	s := "t:" + action + ":" + id
	if len(arg) > 0 {
		s += ":" + arg[0]
	}
	return s
}

// MenuToken runs a command, as if it were typed.
func MenuToken(cmd string, arg ...string) string {
	s := "m:" + cmd
	if len(arg) > 0 {
		s += ":" + arg[0]
	}
	return s
}
