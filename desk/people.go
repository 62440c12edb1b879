package desk

import (
	"cmp"
	"context"
	"slices"
	"strings"
)

// PeoplePage is how many people an admin's search shows at once.
const PeoplePage = 8

// maxPeopleFound bounds one search: past it the admin types more of the
// name rather than pages through the campus.
const maxPeopleFound = 200

// People finds registered people for an admin choosing whom to change:
// those whose name, phone or department contains text (any case), staff
// first (the people an admin changes most), then by name. Page page
// (from 0) of PeoplePage people is returned, and whether more follow.
func (s *Service) People(ctx context.Context, actor *User, text string, page int) ([]*User, bool, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, false, err
	}
	text = strings.TrimSpace(text)
	var found []*User
	var err error
	if text == "" {
		// With nothing typed yet, the staff: whom an admin most often
		// wants, without listing the whole campus.
		found, err = s.users.Staff(ctx)
	} else {
		found, err = s.users.People(ctx, text, maxPeopleFound)
	}
	if err != nil {
		return nil, false, err
	}
	slices.SortFunc(found, func(a, b *User) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	from := min(max(page, 0)*PeoplePage, len(found))
	to := min(from+PeoplePage, len(found))
	return found[from:to], to < len(found), nil
}

// Person returns one person by their desk ID, for an admin who picked them.
func (s *Service) Person(ctx context.Context, actor *User, id string) (*User, error) {
	if err := requireAdmin(actor); err != nil {
		return nil, err
	}
	return s.users.User(ctx, id)
}

// rank puts staff (anyone holding a role) before everyone else.
func rank(u *User) int {
	if len(u.Roles) > 0 {
		return 0
	}
	return 1
}
