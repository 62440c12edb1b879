package desk

import (
	"slices"
	"time"
)

// Role is what a person may do beyond reporting. Everyone is a requester;
// roles are granted on top.
type Role string

const (
	RoleRequester  Role = "requester"
	RoleTechnician Role = "technician"
	RoleSupervisor Role = "supervisor"
	RoleAdmin      Role = "admin"
)

// Roles lists the grantable roles in order of authority.
var Roles = []Role{RoleTechnician, RoleSupervisor, RoleAdmin}

// ParseRole accepts a role's name.
func ParseRole(s string) (Role, bool) {
	for _, r := range append([]Role{RoleRequester}, Roles...) {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// User is one person, reachable on one or more platforms.
type User struct {
	ID         string    `bson:"_id"`
	Name       string    `bson:"name"`
	Phone      string    `bson:"phone"`
	Department string    `bson:"department"`
	Roles      []Role    `bson:"roles"`
	Lang       string    `bson:"lang"`     // "zh" or "en"
	Accounts   []string  `bson:"accounts"` // "telegram:<id>", "slack:<team>/<id>", "web:<id>"
	Home       string    `bson:"home"`     // the account last used: where private notices go
	Registered bool      `bson:"registered"`
	CreatedAt  time.Time `bson:"createdAt"`
	// Reports holds when the person opened tickets in the last hour, for
	// the hourly limit.
	Reports []time.Time `bson:"reports"`
	// CountedReport is the reserved number of the last keyed report
	// counted in Reports, so that the same report, filed again after a
	// crash, is counted once.
	CountedReport int64 `bson:"countedReport,omitempty"`
	// MergedInto names the person this one was merged into by linking
	// (Service.Link): an empty record kept so that notices and accounts
	// still addressed to it find the merged person.
	MergedInto string `bson:"mergedInto,omitempty"`
	Version    int    `bson:"version"`
}

// Is reports whether u may act as r. Authority is cumulative: a supervisor
// may do what a technician may, and everyone is a requester. An admin runs
// the desk but does not repair: admin does not imply supervisor.
func (u *User) Is(r Role) bool {
	if u == nil {
		return false
	}
	switch r {
	case RoleRequester:
		return true
	case RoleTechnician:
		return slices.Contains(u.Roles, RoleTechnician) || slices.Contains(u.Roles, RoleSupervisor)
	default:
		return slices.Contains(u.Roles, r)
	}
}

// Highest returns the most senior role of u, for display.
func (u *User) Highest() Role {
	for i := len(Roles) - 1; i >= 0; i-- {
		if slices.Contains(u.Roles, Roles[i]) {
			return Roles[i]
		}
	}
	return RoleRequester
}

// Platform returns the platform part of an account key ("telegram").
func Platform(account string) string {
	for i := 0; i < len(account); i++ {
		if account[i] == ':' {
			return account[:i]
		}
	}
	return account
}
