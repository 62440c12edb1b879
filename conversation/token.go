package conversation

import (
	"strconv"
	"strings"

	"github.com/repairdesk/repairdesk/talk"
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
type token struct {
	kind    byte // 'd', 't', 'm'
	version int
	name    string // action or command
	ticket  string
	arg     string
}

func parseToken(s string) (token, bool) {
	if len(s) > talk.MaxToken {
		return token{}, false
	}
	parts := strings.SplitN(s, ":", 4)
	if len(parts) < 2 || len(parts[0]) != 1 {
		return token{}, false
	}
	tk := token{kind: parts[0][0]}
	switch tk.kind {
	case 'd':
		if len(parts) < 3 {
			return token{}, false
		}
		v, err := strconv.Atoi(parts[1])
		if err != nil {
			return token{}, false
		}
		tk.version, tk.arg = v, strings.Join(parts[2:], ":")
	case 'f':
		v, err := strconv.Atoi(parts[1])
		if err != nil || len(parts) > 2 {
			return token{}, false
		}
		tk.version = v
	case 't':
		if len(parts) < 3 || !validID(parts[2]) {
			return token{}, false
		}
		tk.name, tk.ticket = parts[1], parts[2]
		if len(parts) == 4 {
			tk.arg = parts[3]
		}
	case 'm':
		tk.name = parts[1]
		if len(parts) > 2 {
			tk.arg = strings.Join(parts[2:], ":")
		}
	default:
		return token{}, false
	}
	return tk, true
}

// validID accepts ticket IDs, which are decimal numbers, so a forged token
// cannot carry anything else towards the store.
func validID(s string) bool {
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

func dialogueToken(version int, value string) string {
	return "d:" + strconv.Itoa(version) + ":" + value
}

func formToken(version int) string { return "f:" + strconv.Itoa(version) }

func ticketToken(action, id string, arg ...string) string {
	s := "t:" + action + ":" + id
	if len(arg) > 0 {
		s += ":" + arg[0]
	}
	return s
}

func menuToken(cmd string, arg ...string) string {
	s := "m:" + cmd
	if len(arg) > 0 {
		s += ":" + arg[0]
	}
	return s
}
