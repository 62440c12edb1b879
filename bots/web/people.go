package web

import (
	"context"
	"fmt"

	"github.com/repairdesk/repairdesk/desk"
)

// Person is someone the page can act as. Their account is "web:<Key>".
type Person struct {
	Key  string // short, URL-safe: "li"
	Name string
	Lang string // "zh" or "en"
	// Phone is what the "share my phone" button sends, and with
	// Department what Seed registers.
	Phone      string
	Department string
	// Roles are granted by Seed; everyone is a requester anyway.
	Roles []desk.Role
}

// Account is the person's platform account.
func (p Person) Account() string { return platform + ":" + p.Key }

// DemoPeople are the people the embedded demo starts with: one of each
// role, in both languages.
func DemoPeople() []Person {
	return []Person{
		{Key: "xiaoming", Name: "王小明", Lang: "zh", Phone: "13800000001", Department: "外国语学院"},
		{Key: "li", Name: "李师傅", Lang: "zh", Phone: "13800000002", Department: "后勤维修中心",
			Roles: []desk.Role{desk.RoleTechnician}},
		{Key: "sam", Name: "Sam Lee", Lang: "en", Phone: "13800000003", Department: "Maintenance",
			Roles: []desk.Role{desk.RoleTechnician}},
		{Key: "chen", Name: "陈主管", Lang: "zh", Phone: "13800000004", Department: "后勤维修中心",
			Roles: []desk.Role{desk.RoleSupervisor}},
		{Key: "alex", Name: "Alex Admin", Lang: "en", Phone: "13800000005", Department: "IT Services",
			Roles: []desk.Role{desk.RoleAdmin}},
	}
}

// Seed makes sure every person exists, is registered and holds their
// roles. It is safe at every start: a profile a person has changed is kept,
// and a role is only ever added, so the demo stays playable even after an
// admin took a demo role away in a previous run.
func Seed(ctx context.Context, svc *desk.Service, people []Person) error {
	for _, p := range people {
		u, err := svc.Account(ctx, p.Account(), p.Lang)
		if err != nil {
			return fmt.Errorf("demo person %s: %w", p.Key, err)
		}
		if !u.Registered {
			if u, err = svc.Register(ctx, u, desk.Profile{Name: p.Name, Phone: p.Phone, Department: p.Department}); err != nil {
				return fmt.Errorf("register demo person %s: %w", p.Key, err)
			}
		}
		if u.Lang == "" && p.Lang != "" {
			// The dispatcher writes to a person in their language; without
			// one it falls back to Chinese, wrong for the English demo people.
			if u, err = svc.SetLang(ctx, u, p.Lang); err != nil {
				return fmt.Errorf("language of demo person %s: %w", p.Key, err)
			}
		}
		if len(p.Roles) > 0 {
			if _, err := svc.GrantBootstrap(ctx, u.ID, p.Roles...); err != nil {
				return fmt.Errorf("roles of demo person %s: %w", p.Key, err)
			}
		}
	}
	return nil
}
